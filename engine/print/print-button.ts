// The print button of a printable sheet (a module: the page's CSP allows no inline script).
document.getElementById('print-button')?.addEventListener('click', () => window.print());
