// Browser entry (bundled to /assets/resident.js): hydrates the islands a page
// contains. Pages work without it; with it, forms validate as residents type
// and the conversational mode runs without round trips.
import './styles.css';
import { h, hydrate, type ComponentType } from 'preact';

const islands: Record<string, () => Promise<{ default: ComponentType<any> }>> = {
  form: () => import('./form-island'),
};

for (const el of Array.from(document.querySelectorAll<HTMLElement>('[data-island]'))) {
  const load = islands[el.dataset.island ?? ''];
  const data = document.getElementById(el.dataset.props ?? '');
  if (!load || !data) continue;
  const props = JSON.parse(data.textContent ?? '{}');
  void load().then((m) => {
    hydrate(h(m.default, props), el);
    el.dataset.hydrated = 'true';
  });
}

// 印刷 button of the completion page: hidden until this script can make it work.
for (const b of Array.from(document.querySelectorAll<HTMLButtonElement>('button[data-print]'))) {
  b.hidden = false;
  b.addEventListener('click', () => window.print());
}
