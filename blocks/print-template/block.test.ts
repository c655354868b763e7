import { describe, expect, it } from 'vitest';
import { loadFixture, runBlockContract } from '../../test/contract/block-contract';
import { printTemplateBlock } from './block';
import { labelsCss, noticeCss, qrSvg, renderLabels, renderNotices, type PrintItem } from './render';
import { wareki } from './routes';

runBlockContract(printTemplateBlock, new URL('./fixtures/', import.meta.url));

const tenant = () => loadFixture(new URL('./fixtures/templates.valid.json', import.meta.url));
const item = (n: number, name = `氏名${n}`): PrintItem => ({
  linkCode: `CODE${n}`,
  bookingUrl: 'https://yoyaku.example.jp/t/x/s/card-pickup',
  vars: { fields: { no: String(n), name, postal: '100-0001', address: '本町1-1', birth: '1950-04-01' }, wareki: { birth: '昭和25年4月1日' }, linkCode: `CODE${n}`, bookingUrl: 'u', today: '令和8年12月1日', todayIso: '2026-12-01', municipality: { name: '町' }, key: String(n), state: '', title: '' },
});
const count = (html: string, re: RegExp) => html.match(re)?.length ?? 0;

describe('print-template compile', () => {
  it('offers the default A4 12面 and 24面 sheets unless the block brings its own', () => {
    const t = tenant();
    expect(t.get('print-template', 'labels')!.sheets.map((s) => [s.id, s.columns * s.rows])).toEqual([
      ['a4-12', 12],
      ['a4-24', 24],
    ]);
    expect(t.get('print-template', 'custom')!.sheets.map((s) => s.id)).toEqual(['a4-10']);
  });
});

describe('label sheets', () => {
  it('lays 50 labels on 24面 as 3 sheets of 24, 24 and 2, each label at its position in mm', () => {
    const tpl = tenant().get('print-template', 'labels')!;
    const html = renderLabels(tpl, tpl.sheets[1], Array.from({ length: 50 }, (_, i) => item(i)), 0, 'print.css?template=labels');
    const sheets = html.split('<section class="page sheet"').slice(1);
    expect(sheets.map((s) => count(s, /class="label pos-\d+"/g))).toEqual([24, 24, 2]);
    expect(html).toContain('<link rel="stylesheet" href="print.css?template=labels">');
    expect(html).not.toMatch(/<style|style=/);
    expect(sheets[0]).toContain('<div class="label pos-5">〒100-0001<br>\n本町1-1<br>\n氏名5 様</div>');
    const css = labelsCss(tpl.sheets[1]);
    expect(css).toContain('@page { size: A4 portrait; margin: 0; }');
    // Position 5 = third column, second row of 24面: 6 + 2 × 66 mm, 12.9 + 33.9 mm.
    expect(css).toContain('.pos-5 { left: 138mm; top: 46.8mm; }');
    expect(count(css, /\.pos-\d+ /g)).toBe(24);
  });

  it('leaves the first positions of a partly used sheet blank and escapes what it prints', () => {
    const tpl = tenant().get('print-template', 'labels')!;
    const html = renderLabels(tpl, tpl.sheets[0], [item(1, '<b>山田</b>')], 5, 'x.css');
    expect(count(html, /class="label blank pos-\d"/g)).toBe(5);
    expect(html).toContain('<div class="label pos-5">');
    expect(html).toContain('&lt;b&gt;山田&lt;/b&gt; 様');
    expect(html).not.toContain('<b>山田');
  });
});

describe('notices', () => {
  it('prints one A4 page per record with the recipient, the link code and a QR code of the booking page', () => {
    const tpl = tenant().get('print-template', 'notice')!;
    const html = renderNotices(tpl, [item(1), item(2)], { date: '令和8年12月1日', lines: ['町役場'] }, 'n.css');
    expect(count(html, /<section class="page notice">/g)).toBe(2);
    expect(count(html, /<svg [^>]*class="qr"/g)).toBe(2);
    expect(html).toContain('<p class="code-value">CODE2</p>');
    expect(html).toContain('<h1>交付通知書</h1>');
    expect(html).not.toContain('style=');
    expect(noticeCss(tpl)).toContain('.notice { padding: 20mm 20mm 20mm 25mm; font-size: 11pt;');
  });

  it('draws the QR code from the module matrix with a quiet zone', () => {
    const svg = qrSvg('https://yoyaku.example.jp/t/x/s/card-pickup');
    const size = Number(/viewBox="0 0 (\d+) /.exec(svg)![1]);
    expect((size - 8 - 21) % 4).toBe(0); // version v is 17 + 4v modules, plus 4 on each side
    expect(svg).toMatch(/<path fill="#000" d="M\d+ \d+h1v1h-1z/);
  });
});

describe('和暦', () => {
  it('formats a stored date in the Japanese era', () => {
    expect(wareki('1950-04-01')).toBe('昭和25年4月1日');
    expect(wareki('2019-05-01')).toMatch(/^令和(元|1)年5月1日$/);
    expect(wareki('')).toBe('');
  });
});
