// 登録証 (利用者登録証 now; 施設利用登録証 and others later): one component that takes its
// title, the number shown as text and as a Code 128 barcode (bwip-js), and the lines
// to print, laid out as an A4 sheet or at card size (85.6 × 54 mm) by print.css.
// Server-rendered print-ready HTML: Chromium prints it or turns it into a PDF.
import bwipjs from 'bwip-js/node';
import type { ComponentChildren } from 'preact';
import { renderToString } from 'preact-render-to-string';
import type { PublishedTenant } from '../config/tenant';
import { siteOf } from '../members/fields';
import { localDateJa } from '../notify/format';
import { epochToLocal } from '../schedule/time';

export type CardSize = 'a4' | 'card';

export interface CardLine {
  label: string;
  value: string;
}

export interface RegistrationCardProps {
  /** 利用者登録証, 施設利用登録証, … */
  title: string;
  /** Who issues it (the municipality). */
  issuer: string;
  numberLabel: string;
  number: string;
  lines: readonly CardLine[];
  issuedLabel: string;
  issuedOn: string;
  barcodeLabel: string;
}

/** The number as a Code 128 barcode, an SVG data URI (an <img>: the page's CSP allows no inline style). */
export function barcodeDataUri(text: string): string {
  const svg = bwipjs.toSVG({ bcid: 'code128', text, height: 10, includetext: false, paddingwidth: 4, paddingheight: 2 });
  return `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`;
}

export function RegistrationCard(p: RegistrationCardProps) {
  return (
    <article class="reg-card" aria-label={p.title}>
      <header class="reg-card-head">
        <h1 class="reg-card-title">{p.title}</h1>
        <p class="reg-card-issuer">{p.issuer}</p>
      </header>
      <dl class="reg-card-lines">
        <div class="reg-card-number">
          <dt>{p.numberLabel}</dt>
          <dd data-testid="card-number">{p.number}</dd>
        </div>
        {p.lines.map((l) => (
          <div key={l.label}>
            <dt>{l.label}</dt>
            <dd>{l.value}</dd>
          </div>
        ))}
        <div>
          <dt>{p.issuedLabel}</dt>
          <dd>{p.issuedOn}</dd>
        </div>
      </dl>
      <img class="reg-card-barcode" src={barcodeDataUri(p.number)} alt={`${p.barcodeLabel} ${p.number}`} />
      <p class="reg-card-barcode-text">{p.number}</p>
    </article>
  );
}

/** A whole printable document: the sheet of the chosen size around the cards, its stylesheet and print button. */
export function printDocument(opts: { lang: 'ja' | 'en'; title: string; size: CardSize; printLabel: string; body: ComponentChildren; note?: string }): string {
  const page = (
    <html lang={opts.lang}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="robots" content="noindex" />
        <title>{opts.title}</title>
        <link rel="stylesheet" href="/assets/print.css" />
        <script type="module" src="/assets/print.js" />
      </head>
      <body class={`sheet-${opts.size}`}>
        <main class="sheet">
          <p class="no-print">
            <button type="button" id="print-button">
              {opts.printLabel}
            </button>
          </p>
          {opts.body}
          {opts.note && opts.size === 'a4' && <p class="sheet-note">{opts.note}</p>}
        </main>
      </body>
    </html>
  );
  return `<!DOCTYPE html>${renderToString(page)}`;
}

/** The words a registration card prints around its number and lines, in one language. */
export interface CardWords {
  title: string;
  number: string;
  issued: string;
  barcode: string;
  print: string;
  note: string;
}

/** A registration card (利用者登録証, 施設利用登録証 …) as a printable document: issued today by the tenant's municipality. */
export function registrationCardDocument(o: { published: PublishedTenant; lang: 'ja' | 'en'; size: CardSize; now: number; timeZone: string; words: CardWords; number: string; lines: readonly CardLine[] }): string {
  const issuer = siteOf(o.published.tenant)?.municipality.name ?? o.published.tenant.slug;
  const issuedOn = o.lang === 'en' ? epochToLocal(o.now, o.timeZone).date : localDateJa(o.now, o.timeZone);
  const w = o.words;
  return printDocument({
    lang: o.lang,
    title: `${w.title} ${o.number}`,
    size: o.size,
    printLabel: w.print,
    note: w.note,
    body: <RegistrationCard title={w.title} issuer={issuer} numberLabel={w.number} number={o.number} lines={o.lines} issuedLabel={w.issued} issuedOn={issuedOn} barcodeLabel={w.barcode} />,
  });
}
