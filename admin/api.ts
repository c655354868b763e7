// The staff API client: one fetch wrapper, errors as ApiError with the server's
// located issues, and a 401 anywhere sends the console back to the login screen.
import { signal } from '@preact/signals';

export const tenant = (document.getElementById('app')?.dataset.tenant ?? '').trim();
export const apiBase = `/api/admin/t/${tenant}`;
export const lang = signal<'ja' | 'en'>(localStorage.getItem('admin.lang') === 'en' ? 'en' : 'ja');
/** Set when the session is gone; the shell shows the login screen. */
export const unauthenticated = signal(false);

export interface Issue {
  path: string;
  code: string;
  message: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly issues: Issue[] = [],
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

export async function api<T>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<T> {
  const res = await fetch(apiBase + path, {
    method,
    credentials: 'same-origin',
    headers: { 'accept-language': lang.value, ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  const data = text ? (JSON.parse(text) as Record<string, any>) : {};
  if (!res.ok) {
    const e = data.error ?? {};
    if (res.status === 401 && path !== '/login') unauthenticated.value = true;
    throw new ApiError(res.status, e.code ?? 'http.error', e.message ?? res.statusText, e.issues ?? [], e.details ?? {});
  }
  return data as T;
}

/** A file's bytes for a JSON upload (`csvBase64`), in chunks: one String.fromCharCode call per byte overflows the stack. */
export async function fileBase64(file: Blob): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

/** Downloads a file from the API (fetch → blob → <a download>), so errors can be shown in the page. */
export async function download(path: string): Promise<void> {
  const res = await fetch(apiBase + path, { credentials: 'same-origin', headers: { 'accept-language': lang.value } });
  if (!res.ok) {
    const data = (await res.json().catch(() => ({}))) as Record<string, any>;
    const e = data.error ?? {};
    if (res.status === 401) unauthenticated.value = true;
    throw new ApiError(res.status, e.code ?? 'http.error', e.message ?? res.statusText, e.issues ?? [], e.details ?? {});
  }
  const cd = res.headers.get('content-disposition') ?? '';
  const utf8 = /filename\*=UTF-8''([^;]+)/.exec(cd)?.[1];
  const name = utf8 ? decodeURIComponent(utf8) : /filename="([^"]+)"/.exec(cd)?.[1] ?? 'ledger.csv';
  const url = URL.createObjectURL(await res.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export const L = (ja: string, en: string) => (lang.value === 'en' ? en : ja);

export function qs(params: Record<string, string | number | undefined | null>): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') p.set(k, String(v));
  const s = p.toString();
  return s ? `?${s}` : '';
}

/**
 * Opens print-ready HTML (a GET of the API) in a new window: a real document with the
 * site's CSP and its own stylesheet, whose @page CSS makes the print dialog (or
 * Chromium's PDF) match the sheets.
 */
export function openPrint(path: string, params: Record<string, string | number | undefined>): void {
  window.open(apiBase + path + qs(params), '_blank');
}
