import { describe, expect, it } from 'vitest';
import { EVENTS, variablesFor } from './events';
import { checkTemplate, compileSubject, compileTemplate, templateVariables } from './templates';

const known = variablesFor(EVENTS['booking.confirmed'], { answerFields: ['name', 'note'], municipalityKeys: ['name', 'organization'] });
const codes = (src: string, safe: string[] = []) => checkTemplate(src, known, new Set(safe)).map((p) => p.code);

describe('template check', () => {
  it('accepts known variables, if/unless/else and comments', () => {
    expect(codes('{{! note }}{{answers.name}} 様 {{#if booking.accessKey}}{{booking.accessKey}}{{else}}-{{/if}}{{#unless answers.note}}なし{{/unless}}')).toEqual([]);
  });

  it('refuses unknown variables, objects used as values, and anything but plain paths', () => {
    expect(codes('{{booking.receipt}}')).toEqual(['notification.unknown_variable']);
    expect(codes('{{booking}}')).toEqual(['notification.unknown_variable']);
    expect(codes('{{#if answers.missing}}x{{/if}}')).toEqual(['notification.unknown_variable']);
    for (const src of ['{{> footer}}', '{{@root.booking.receiptNo}}', '{{../answers.name}}', '{{this}}', '{{lookup answers "name"}}', '{{#each answers}}{{/each}}', '{{#with booking}}{{receiptNo}}{{/with}}', '{{#if (eq a b)}}x{{/if}}', '{{answers.name x=1}}']) {
      expect(codes(src), src).toEqual(['notification.template_unsupported']);
    }
    expect(codes('{{#if booking.accessKey}}')).toEqual(['notification.template_syntax']);
  });

  it('allows triple braces only for variables marked safe', () => {
    expect(codes('{{{municipality.organization}}}')).toEqual(['notification.raw_not_safe']);
    expect(codes('{{& municipality.organization}}')).toEqual(['notification.raw_not_safe']);
    expect(codes('{{{municipality.organization}}}', ['municipality.organization'])).toEqual([]);
  });

  it('lists the variables a template reads', () => {
    expect(templateVariables('{{a.b}} {{#if c.d}}{{e.f}}{{/if}}').sort()).toEqual(['a.b', 'c.d', 'e.f']);
  });
});

describe('template rendering', () => {
  const vars = { answers: { name: '<script>alert("x")</script> & \'O\'' }, municipality: { organization: '<b>住民課</b>' } };

  it('escapes every variable in HTML and nothing in text', () => {
    const t = compileTemplate('{{answers.name}} 様\n次の行');
    expect(t.html(vars)).toBe('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#x27;O&#x27; 様<br>\n次の行');
    expect(t.text(vars)).toBe('<script>alert("x")</script> & \'O\' 様\n次の行');
  });

  it('outputs a safe variable as is in HTML', () => {
    expect(compileTemplate('{{{municipality.organization}}} / {{municipality.organization}}').html(vars)).toBe('<b>住民課</b> / &lt;b&gt;住民課&lt;/b&gt;');
  });

  it('is strict: a variable missing at render time throws instead of rendering blank', () => {
    const t = compileTemplate('受付番号 {{booking.receiptNo}}');
    expect(() => t.text({ booking: {} })).toThrow(/receiptNo/);
    expect(t.text({ booking: { receiptNo: '12' } })).toBe('受付番号 12');
  });

  it('keeps subjects on one line (no header injection)', () => {
    const s = compileSubject('予約 {{answers.name}}');
    expect(s({ answers: { name: 'a\r\nBcc: x@example.com' } })).toBe('予約 a Bcc: x@example.com');
  });
});
