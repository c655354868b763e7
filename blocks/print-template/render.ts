// Print-ready HTML: A4 pages sized in mm with @page CSS, one page break per sheet or
// notice, so the browser's print dialog and Chromium's PDF give the same pages. Every
// variable is HTML-escaped by the template; the QR code is SVG drawn here from the
// qrcode library's module matrix. No script, no inline style (the site's CSP).
import QRCode from 'qrcode';
import type { TemplateVars } from '../../engine/notify/templates';
import type { CompiledPrintTemplate, LabelSheet } from './block';

export interface PrintItem {
  vars: TemplateVars;
  linkCode: string | null;
  bookingUrl: string;
}

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
const mm = (n: number) => `${Math.round(n * 100) / 100}mm`;

/** A QR code as inline SVG (error correction M, 4-module quiet zone). */
export function qrSvg(text: string, sizeMm = 30): string {
  const { modules } = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const n = modules.size;
  let d = '';
  for (let y = 0; y < n; y++) for (let x = 0; x < n; x++) if (modules.get(y, x)) d += `M${x + 4} ${y + 4}h1v1h-1z`;
  return `<svg xmlns="http://www.w3.org/2000/svg" class="qr" width="${sizeMm}mm" height="${sizeMm}mm" viewBox="0 0 ${n + 8} ${n + 8}" shape-rendering="crispEdges" role="img" aria-label="QR"><rect width="100%" height="100%" fill="#fff"/><path fill="#000" d="${d}"/></svg>`;
}

const BASE_CSS = `@page { size: A4 portrait; margin: 0; }
* { box-sizing: border-box; }
html, body { margin: 0; padding: 0; }
body { font-family: "Noto Sans CJK JP", "Noto Sans JP", "Hiragino Kaku Gothic ProN", "Yu Gothic", "Meiryo", sans-serif; color: #000; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
.page { width: 210mm; height: 297mm; position: relative; overflow: hidden; break-inside: avoid; }
.page + .page { break-before: page; page-break-before: always; }
@media screen { body { background: #888; } .page { background: #fff; margin: 8mm auto; box-shadow: 0 0 4px #0006; } }
`;

// The console's CSP allows no inline style: the page links its stylesheet (print.css,
// served from the same template and sheet), and labels are placed by class.
function page(title: string, cssHref: string, body: string): string {
  return `<!doctype html>
<html lang="ja"><head><meta charset="utf-8">
<title>${esc(title)}</title>
<link rel="stylesheet" href="${esc(cssHref)}">
</head>
<body>
${body}
</body></html>
`;
}

/** The stylesheet of a label sheet: one class per position, sizes in mm. */
export function labelsCss(sheet: LabelSheet): string {
  const gapX = sheet.gapX ?? 0;
  const gapY = sheet.gapY ?? 0;
  let css = `${BASE_CSS}.label { position: absolute; width: ${mm(sheet.labelWidth)}; height: ${mm(sheet.labelHeight)}; padding: 4mm 5mm; overflow: hidden; font-size: ${sheet.fontSize ?? 10}pt; line-height: 1.45; word-break: break-all; }\n`;
  for (let i = 0; i < sheet.columns * sheet.rows; i++) {
    const col = i % sheet.columns;
    const row = Math.floor(i / sheet.columns);
    css += `.pos-${i} { left: ${mm(sheet.marginLeft + col * (sheet.labelWidth + gapX))}; top: ${mm(sheet.marginTop + row * (sheet.labelHeight + gapY))}; }\n`;
  }
  return css;
}

/** Labels on sheets: `skip` positions of the first sheet are left blank (a sheet partly used before). */
export function renderLabels(tpl: CompiledPrintTemplate, sheet: LabelSheet, items: readonly PrintItem[], skip: number, cssHref: string): string {
  const per = sheet.columns * sheet.rows;
  const cells: (PrintItem | null)[] = [...Array.from({ length: skip }, () => null), ...items];
  const pages: string[] = [];
  for (let p = 0; p * per < cells.length; p++) {
    const labels = cells.slice(p * per, (p + 1) * per).map((item, i) => (item ? `<div class="label pos-${i}">${tpl.body.html(item.vars)}</div>` : `<div class="label blank pos-${i}"></div>`));
    pages.push(`<section class="page sheet" data-sheet="${esc(sheet.id)}">\n${labels.join('\n')}\n</section>`);
  }
  return page(tpl.title, cssHref, pages.join('\n'));
}

export function noticeCss(tpl: CompiledPrintTemplate): string {
  return `${BASE_CSS}.notice { padding: 20mm 20mm 20mm 25mm; font-size: ${tpl.fontSize}pt; line-height: 1.7; }
.notice .sender { position: absolute; right: 20mm; top: 20mm; text-align: right; font-size: 10pt; line-height: 1.5; }
.notice .sender p { margin: 0; }
.notice .recipient { position: absolute; left: 25mm; top: 45mm; width: 90mm; height: 45mm; font-size: 12pt; line-height: 1.6; }
.notice h1 { margin: 85mm 0 8mm; font-size: 16pt; text-align: center; }
.notice .body { min-height: 60mm; }
.notice .code { display: flex; align-items: center; justify-content: space-between; gap: 8mm; margin-top: 10mm; padding: 5mm 8mm; border: 0.4mm solid #000; }
.notice .code p { margin: 0; }
.notice .code-label { font-size: 10pt; }
.notice .code-value { font-family: "Noto Sans Mono CJK JP", monospace; font-size: 20pt; letter-spacing: 0.15em; font-weight: bold; }
.notice .url { font-size: 8pt; word-break: break-all; }
`;
}

/** One A4 notice per record: recipient in the envelope window, heading, body, link code with QR. */
export function renderNotices(tpl: CompiledPrintTemplate, items: readonly PrintItem[], sender: { lines: string[]; date: string }, cssHref: string): string {
  const pages = items.map((item) => {
    const recipient = tpl.recipient ? `<div class="recipient">${tpl.recipient.html(item.vars)}</div>` : '';
    const heading = tpl.heading ? `<h1>${tpl.heading.html(item.vars)}</h1>` : '';
    const code =
      tpl.qr && item.linkCode
        ? `<div class="code"><div><p class="code-label">引換番号</p><p class="code-value">${esc(item.linkCode)}</p><p class="url">${esc(item.bookingUrl)}</p></div>${qrSvg(item.bookingUrl)}</div>`
        : '';
    return `<section class="page notice">
<div class="sender"><p>${esc(sender.date)}</p>${sender.lines.map((l) => `<p>${esc(l)}</p>`).join('')}</div>
${recipient}
${heading}
<div class="body">${tpl.body.html(item.vars)}</div>
${code}
</section>`;
  });
  return page(tpl.title, cssHref, pages.join('\n'));
}
