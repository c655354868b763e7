import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadFixture, loadFixtureBlocks, runBlockContract } from '../../test/contract/block-contract';
import { EVENT_NAMES } from '../../engine/notify/events';
import { resolvedSchema } from '../../engine/config/schemas';
import { registry } from '../index';
import { notificationBlock, type CompiledNotification } from './block';

runBlockContract(notificationBlock, new URL('./fixtures/', import.meta.url));

const fixture = (name: string) => JSON.parse(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8'));

describe('notification block', () => {
  it('offers exactly the events of the catalog (filled in from the registry)', () => {
    const schema = resolvedSchema(notificationBlock, registry) as { $defs: { message: { properties: { event: { enum: string[] } } } } };
    expect(schema.$defs.message.properties.event.enum).toEqual([...EVENT_NAMES, ...Object.keys(registry.behaviour().events)]);
  });

  it('compiles templates that render subject, text and escaped HTML', () => {
    const tenant = loadFixture(new URL('./fixtures/booking-notices.valid.json', import.meta.url));
    const n = tenant.get<CompiledNotification>('notification', 'pickup-notices')!;
    const confirmed = n.messages.find((m) => m.id === 'confirmed')!;
    const vars = {
      site: { title: 'みなと町 予約', titleEn: 'Minato' },
      municipality: { name: 'みなと町', phone: '0120', signatureHtml: '' },
      booking: { receiptNo: '7', accessKey: 'KEY', resourceTitle: '本庁舎窓口', datetime: '2026年12月3日（木）10:00〜10:30' },
      answers: { name: '<b>山田</b> & 花子' },
    };
    const r = confirmed.render(vars);
    expect(r.subject).toBe('【みなと町 予約】予約を受け付けました（受付番号 7）');
    expect(r.text).toContain('<b>山田</b> & 花子 様');
    expect(r.text).toContain('アクセスキー: KEY');
    expect(r.html).toContain('&lt;b&gt;山田&lt;/b&gt; &amp; 花子 様<br>');
    // Without an access key (member booking) the line disappears.
    expect(confirmed.render({ ...vars, booking: { ...vars.booking, accessKey: null } }).text).not.toContain('アクセスキー');
    expect(n.messages.find((m) => m.id === 'day-before')!.before).toEqual({ days: 1, at: '09:00' });
    expect(n.webhook).toEqual({ url: 'https://hooks.example.jp/reservations', secretEnv: 'WEBHOOK_SECRET_FIXTURE__RESERVATIONS' });
  });

  it('names the unknown variable, its line and a likely fix', () => {
    const r = loadFixtureBlocks(fixture('unknown-variable.invalid.json'));
    const issue = r.issues.find((i) => i.code === 'notification.unknown_variable')!;
    expect(issue.message).toBe('テンプレート1行目の変数「booking.reciptNo」はこの通知では使えません。もしかして「booking.receiptNo」ですか？');
    expect(issue.messageEn).toContain('Did you mean "booking.receiptNo"?');
    expect(issue.line).toBeGreaterThan(0); // located in the fixture file too
  });

  it('says where a variable can be used when another event offers it', () => {
    const [issue] = loadFixtureBlocks(fixture('access-key-in-reminder.invalid.json')).issues;
    expect(issue.message).toBe('テンプレート1行目の変数「booking.accessKey」はこの通知では使えません。この変数は次の通知でだけ使えます: booking.confirmed');
  });

  it('reports every problem of a template at once', () => {
    const f = fixture('unknown-variable.invalid.json');
    f.blocks[0].messages[0].body = '{{answers.nmae}}\n{{booking.datetime}}\n{{{booking.receiptNo}}}\n{{> footer}}';
    const codes = loadFixtureBlocks(f).issues.map((i) => [i.code, i.message.match(/(\d+)行目/)?.[1]]);
    expect(codes).toEqual([
      ['notification.unknown_variable', '1'],
      ['notification.raw_not_safe', '3'],
      ['notification.template_unsupported', '4'],
    ]);
  });

  it('checks answers against the forms of the services it targets', () => {
    const f = fixture('answer-not-in-every-form.invalid.json');
    f.blocks[0].services = ['pickup']; // only the form with an email field
    expect(loadFixtureBlocks(f).issues).toEqual([]);
  });

  it("signs only with the tenant's own secret: not the shared one, not another tenant's", () => {
    const f = fixture('other-tenant-secret.invalid.json');
    const codesFor = (secretEnv?: string) => {
      f.blocks[0].webhook = { url: 'https://hooks.example.jp/x', ...(secretEnv ? { secretEnv } : {}) };
      return loadFixtureBlocks(f).issues.map((i) => i.code);
    };
    expect(codesFor('WEBHOOK_SECRET')).toEqual(['notification.foreign_secret']);
    expect(codesFor('WEBHOOK_SECRET_FIXTURE_TOWN')).toEqual(['notification.foreign_secret']); // tenant "fixture-town", not "fixture"
    expect(codesFor('WEBHOOK_SECRET_FIXTURE')).toEqual([]);
    expect(codesFor('WEBHOOK_SECRET_FIXTURE__CRM')).toEqual([]);
    const withDefault = (() => {
      f.blocks[0].webhook = { url: 'https://hooks.example.jp/x' };
      return loadFixtureBlocks(f).tenant!.get<CompiledNotification>('notification', 'n')!;
    })();
    expect(withDefault.webhook).toEqual({ url: 'https://hooks.example.jp/x', secretEnv: 'WEBHOOK_SECRET_FIXTURE' });
  });
});
