// Hash routing: #/page?key=value. The console is one page; the hash keeps the
// place on reload and lets the browser's back button work.
import { signal } from '@preact/signals';

export interface Route {
  page: string;
  arg?: string;
  query: Record<string, string>;
}

function parse(hash: string): Route {
  const [path, q = ''] = hash.replace(/^#\/?/, '').split('?');
  const [page = 'today', arg] = path.split('/').map(decodeURIComponent);
  return { page: page || 'today', ...(arg ? { arg } : {}), query: Object.fromEntries(new URLSearchParams(q)) };
}

export const route = signal<Route>(parse(location.hash));
window.addEventListener('hashchange', () => (route.value = parse(location.hash)));

export function href(page: string, arg?: string, query: Record<string, string | undefined> = {}): string {
  const q = new URLSearchParams(Object.entries(query).filter((e): e is [string, string] => !!e[1])).toString();
  return `#/${page}${arg ? `/${encodeURIComponent(arg)}` : ''}${q ? `?${q}` : ''}`;
}

export function go(page: string, arg?: string, query: Record<string, string | undefined> = {}): void {
  location.hash = href(page, arg, query);
}
