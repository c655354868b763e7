// Browser entry (bundled to /assets/resident.js, /assets/resident-en.js): hydrates the islands a page
// contains. Pages work without it; with it, forms validate as residents type
// and the conversational mode runs without round trips.
// Each island's module brings Preact along: a page without one loads only this file.
const islands: Record<string, () => Promise<{ mount(el: HTMLElement, props: any): Promise<void> }>> = {
  form: () => import('./mount-form'),
};

for (const el of Array.from(document.querySelectorAll<HTMLElement>('[data-island]'))) {
  const load = islands[el.dataset.island ?? ''];
  const data = document.getElementById(el.dataset.props ?? '');
  if (!load || !data) continue;
  const props = JSON.parse(data.textContent ?? '{}');
  void load()
    .then((m) => m.mount(el, props))
    .then(() => {
      el.dataset.hydrated = 'true';
    });
}

// 印刷 button of the completion page: hidden until this script can make it work.
for (const b of Array.from(document.querySelectorAll<HTMLButtonElement>('button[data-print]'))) {
  b.hidden = false;
  b.addEventListener('click', () => window.print());
}
