// The wizard's pure parts: ids from Japanese titles, full-width input, recurrences a
// clerk chooses turned into calendar rules (checked against the engine's own
// expansion), the form designer's conditions, and the blocks it all becomes (loaded
// by the real loader with the demo site).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { registry } from '../../blocks';
import { loadTenantBlocks } from '../../engine/config/load-tenant';
import { repoRoot } from '../../test/helpers/server-process';
import { conditionWords, formFields, designProblems, newField, readCondition, type DesignField } from './form-design';
import { addDays, dateJa, describeDesign, describeRrule, describeRule, designDates, emptyWeek, openingRules, scheduleProblems, type ScheduleDesign } from './schedule';
import { blockSlug, choiceSlug, fieldSlug, romanWords, uniqueId } from './slug';
import { normalizeDate, normalizeNumber, normalizeTime } from './typed';
import { initialState, wizardBlocks, type WizardState } from './wizard-model';

const site = JSON.parse(readFileSync(join(repoRoot, 'tenants/demo-city/site.json'), 'utf8'));

describe('ids from titles', () => {
  it('romanises kana and common kanji words, keeps ASCII, and falls back when nothing is left', () => {
    expect(blockSlug('健康相談', 'service')).toBe('kenko-sodan');
    expect(blockSlug('マイナンバーカード交付', 'service')).toBe('mynumber-kado-kofu');
    expect(blockSlug('ＡＢＣ教室 2026', 'service')).toBe('abc-kyoshitsu-2026');
    expect(blockSlug('囍', 'service')).toBe('service');
    expect(romanWords('きょうしつ ちゃれんじ')).toEqual(['kyoshitsu', 'charenji']);
    expect(uniqueId('kenko-sodan', ['kenko-sodan', 'kenko-sodan-2'])).toBe('kenko-sodan-3');
  });
  it('gives well-known questions the ids templates expect, others camelCase or q<n>', () => {
    expect(fieldSlug('氏名', 'q1')).toBe('name');
    expect(fieldSlug('ふりがな', 'q2')).toBe('kana');
    expect(fieldSlug('電話番号', 'q3')).toBe('phone');
    expect(fieldSlug('相談内容', 'q4')).toBe('topic');
    expect(fieldSlug('その他の内容', 'q5')).toBe('otherDetail');
    expect(fieldSlug('健康診断の結果', 'q6')).toBe('kenkoShindanNoKekka');
    expect(fieldSlug('囍', 'q7')).toBe('q7');
    expect(choiceSlug('その他', 'c1')).toBe('other');
    expect(choiceSlug('栄養・食事', 'c2')).toBe('eiyo-shokuji');
  });
});

describe('what staff type', () => {
  it('reads full-width and Japanese times, numbers and dates', () => {
    expect(normalizeTime('１３：００')).toBe('13:00');
    expect(normalizeTime('13時')).toBe('13:00');
    expect(normalizeTime('１３時半')).toBe('13:30');
    expect(normalizeTime('9:5')).toBe('09:05');
    expect(normalizeTime('1600')).toBe('16:00');
    expect(normalizeTime('25:00')).toBe('25:00');
    expect(normalizeTime('ひる')).toBe('ひる');
    expect(normalizeNumber('２０')).toBe(20);
    expect(normalizeNumber('20分')).toBe(20);
    expect(normalizeNumber('')).toBeUndefined();
    expect(normalizeNumber('二十')).toBeNaN();
    expect(normalizeDate('２０２６年１２月９日')).toBe('2026-12-09');
    expect(normalizeDate('2026/12/9')).toBe('2026-12-09');
  });
});

const design = (over: Partial<ScheduleDesign>): ScheduleDesign => ({ repeat: 'weekly', week: emptyWeek(), firstWeek: '2026-12-01', nth: [], nthDays: [], open: '13:00', close: '16:00', dates: [], ...over });

/** Dates the real calendar block opens for these rules in December 2026 and January 2027 (holidays off). */
function engineDates(d: ScheduleDesign): string[] {
  const blocks = [
    site,
    { kind: 'calendar', id: 'c', title: 'c', resources: [{ id: 'r', title: 'r' }], slotMinutes: 60, capacity: 1, weekly: openingRules(d), holidays: { closed: false } },
  ];
  const r = loadTenantBlocks('t', blocks, registry);
  expect(r.issues).toEqual([]);
  const cal = r.tenant!.get('calendar', 'c')!;
  return [...new Set(cal.expand('2026-12-01', '2027-01-31', 'r').map((s) => s.date))];
}

describe('recurrences a clerk chooses', () => {
  it('毎月第2・第4水曜日 becomes FREQ=MONTHLY;BYDAY=+2WE,+4WE, opening the same days the engine expands', () => {
    const d = design({ repeat: 'monthly', nth: [4, 2], nthDays: ['wed'] });
    expect(openingRules(d)).toEqual([{ rrule: 'FREQ=MONTHLY;BYDAY=+2WE,+4WE', open: '13:00', close: '16:00' }]);
    expect(describeDesign(d)).toBe('毎月第2・第4水曜日 13:00〜16:00');
    const mine = designDates(d, '2026-12-01', '2027-01-31').map((x) => x.date);
    expect(mine).toEqual(['2026-12-09', '2026-12-23', '2027-01-13', '2027-01-27']);
    expect(engineDates(d)).toEqual(mine);
  });
  it('最終金曜日 is -1FR', () => {
    const d = design({ repeat: 'monthly', nth: [-1], nthDays: ['fri'] });
    expect(openingRules(d)[0]!.rrule).toBe('FREQ=MONTHLY;BYDAY=-1FR');
    expect(engineDates(d)).toEqual(designDates(d, '2026-12-01', '2027-01-31').map((x) => x.date));
    expect(engineDates(d)).toEqual(['2026-12-25', '2027-01-29']);
  });
  it('毎週: days with the same hours share a rule', () => {
    const week = emptyWeek();
    week.mon = { on: true, open: '09:00', close: '12:00' };
    week.wed = { on: true, open: '09:00', close: '12:00' };
    week.sat = { on: true, open: '10:00', close: '15:00' };
    const d = design({ repeat: 'weekly', week });
    expect(openingRules(d)).toEqual([
      { days: ['mon', 'wed'], open: '09:00', close: '12:00' },
      { days: ['sat'], open: '10:00', close: '15:00' },
    ]);
    expect(engineDates(d)).toEqual(designDates(d, '2026-12-01', '2027-01-31').map((x) => x.date));
  });
  it('隔週 starts from the Monday of the chosen week, as the engine does', () => {
    const week = emptyWeek();
    week.thu = { on: true, open: '13:00', close: '15:00' };
    const d = design({ repeat: 'biweekly', week, firstWeek: '2026-12-10' });
    expect(openingRules(d)).toEqual([{ rrule: 'FREQ=WEEKLY;INTERVAL=2;BYDAY=TH', start: '2026-12-07', open: '13:00', close: '15:00' }]);
    const mine = designDates(d, '2026-12-01', '2027-01-31').map((x) => x.date);
    expect(mine.slice(0, 3)).toEqual(['2026-12-10', '2026-12-24', '2027-01-07']);
    expect(engineDates(d)).toEqual(mine);
    expect(describeRule(openingRules(d)[0]!)).toBe('隔週木曜日（2026年12月7日（月）の週から） 13:00〜15:00');
  });
  it('特定の日付: one rule per clicked day', () => {
    const d = design({ repeat: 'dates', dates: ['2026-12-16', '2026-12-05'] });
    expect(openingRules(d)).toEqual([
      { days: ['sat'], start: '2026-12-05', end: '2026-12-05', open: '13:00', close: '16:00' },
      { days: ['wed'], start: '2026-12-16', end: '2026-12-16', open: '13:00', close: '16:00' },
    ]);
    expect(engineDates(d)).toEqual(['2026-12-05', '2026-12-16']);
    expect(describeRule(openingRules(d)[0]!)).toBe('2026年12月5日（土） 13:00〜16:00');
  });
  it('says what is missing in words, with an example', () => {
    expect(scheduleProblems(design({ repeat: 'weekly' })).map((p) => p.ja)).toEqual(['受付する曜日を1つ以上選んでください（例: 水曜日）。']);
    expect(scheduleProblems(design({ repeat: 'dates', dates: ['2026-12-05'], open: '16:00', close: '13:00' })).map((p) => p.ja)).toEqual([
      '受付時間の終了時刻は開始時刻より後にしてください（例: 13:00〜16:00）。',
    ]);
    expect(scheduleProblems(design({ repeat: 'monthly', nth: [2], nthDays: ['wed'], open: 'ひる' }))[0]!.ja).toBe('受付時間の開始時刻は「13:00」のように書いてください。');
  });
  it('reads rules back in words; a rule it cannot say stays as written', () => {
    expect(describeRrule('FREQ=MONTHLY;BYDAY=+2TU,+4TU')).toBe('毎月第2・第4火曜日');
    expect(describeRrule('FREQ=MONTHLY;BYDAY=+2WE,+4WE,+2FR,+4FR')).toBe('毎月第2・第4水・金曜日');
    expect(describeRrule('FREQ=MONTHLY;BYDAY=+1MO,+3TH')).toBe('毎月第1月曜日、第3木曜日');
    expect(describeRrule('FREQ=WEEKLY;BYDAY=MO,FR')).toBe('毎週月・金曜日');
    expect(describeRrule('FREQ=MONTHLY;BYMONTHDAY=1,15')).toBe('毎月1日・15日');
    expect(describeRrule('FREQ=YEARLY;BYMONTH=1')).toBe('FREQ=YEARLY;BYMONTH=1');
    expect(describeRule({ days: ['mon', 'tue'], open: '09:00', close: '17:00' })).toBe('毎週月・火曜日 09:00〜17:00');
    expect(dateJa('2026-12-09')).toBe('12月9日（水）');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
  });
});

describe('form designer', () => {
  const fields = (): DesignField[] => {
    const topic = newField('radio', '相談内容');
    topic.choices = [
      { key: 'a', label: '健康のこと' },
      { key: 'b', label: 'その他' },
    ];
    const other = newField('textarea', 'その他の内容', { condition: { field: topic.key, choice: 'b' } });
    return [newField('text', '氏名', { maxLength: 50, personal: true }), newField('furigana', 'ふりがな'), newField('phone', '電話番号'), topic, other];
  };
  it('turns 「『相談内容』が『その他』のとき表示」 into JSON Logic on generated ids, and reads it back in words', () => {
    const out = formFields(fields());
    expect(out.map((f) => f.id)).toEqual(['name', 'kana', 'phone', 'topic', 'otherDetail']);
    expect(out[3]!.options).toEqual([
      { value: 'kenko-nokoto', label: '健康のこと' },
      { value: 'other', label: 'その他' },
    ]);
    expect(out[4]).toMatchObject({ type: 'textarea', required: true, visibleIf: { '==': [{ var: 'answers.topic' }, 'other'] } });
    expect(out[0]).toMatchObject({ maxLength: 50, pii: true });
    expect(out[0]).not.toHaveProperty('options');
    expect(readCondition(out[4]!.visibleIf)).toEqual({ field: 'topic', value: 'other' });
    expect(conditionWords(out[4]!.visibleIf, out as never)).toBe('「相談内容」が「その他」のとき表示');
    expect(readCondition({ and: [true, true] })).toBeUndefined();
  });
  it('names what to fix', () => {
    const f = fields();
    f[3]!.choices.push({ key: 'c', label: '' });
    f.push(newField('text', ''));
    expect(designProblems(f).map((p) => p.ja)).toEqual(['「相談内容」に空の選択肢があります。書くか削除してください。', '6番目の質問の項目名を書いてください（例: ご相談の内容）。']);
  });
});

describe('the blocks of a new service', () => {
  const healthConsultation = (): WizardState => {
    const s = initialState('2026-12-01');
    s.title = '健康相談';
    s.place = '保健センター';
    s.rooms = ['相談室'];
    s.schedule = { ...s.schedule, repeat: 'monthly', nth: [2, 4], nthDays: ['wed'], open: '13:00', close: '16:00' };
    s.slotMinutes = 20;
    s.capacity = 1;
    const topic = newField('radio', '相談内容');
    topic.choices = [
      { key: 'x', label: '健康のこと' },
      { key: 'y', label: 'その他' },
    ];
    s.fields = [newField('text', '氏名'), newField('furigana', 'ふりがな'), newField('phone', '電話番号'), topic, newField('textarea', 'その他の内容', { condition: { field: topic.key, choice: 'y' } })];
    return s;
  };
  it('load with the demo tenant’s site, ids unique among existing blocks', () => {
    const g = wizardBlocks(healthConsultation(), [{ kind: 'service', id: 'kenko-sodan' }]);
    expect(g.ids).toEqual({ service: 'kenko-sodan-2', calendar: 'kenko-sodan-2-calendar', form: 'kenko-sodan-2-form', quota: 'kenko-sodan-2-limit' });
    const cal = g.blocks.find((b) => b.kind === 'calendar')!;
    expect(cal).toMatchObject({ title: '保健センター', resources: [{ id: 'sodanshitsu', title: '相談室' }], slotMinutes: 20, capacity: 1, weekly: [{ rrule: 'FREQ=MONTHLY;BYDAY=+2WE,+4WE' }] });
    const r = loadTenantBlocks('t', [site, ...g.blocks], registry);
    expect(r.issues).toEqual([]);
    const svc = r.tenant!.get('service', 'kenko-sodan-2')!;
    expect(svc.calendar.expand('2026-12-09', '2026-12-09', 'sodanshitsu').map((x) => x.start.slice(11, 16))).toEqual(['13:00', '13:20', '13:40', '14:00', '14:20', '14:40', '15:00', '15:20', '15:40']);
  });
  it('adds a notification block only for the notices chosen', () => {
    const s = healthConsultation();
    s.notices[3]!.on = true;
    s.notices[3]!.line = false;
    const g = wizardBlocks(s, []);
    const n = g.blocks.find((b) => b.kind === 'notification')!;
    expect(n).toMatchObject({ id: 'kenko-sodan-notices', services: ['kenko-sodan'], messages: [{ event: 'booking.reminder', channels: ['email'], before: { days: 1, at: '09:00' } }] });
    expect(loadTenantBlocks('t', [site, ...g.blocks], registry).issues).toEqual([]);
  });
});
