// The lottery's resident pages (server-rendered, every step a plain form):
// 抽選のご案内 → 希望の選択 (第1希望…) → the service's form (入力 → 確認) → 申込番号 and
// access key; the entry page (state, 当選/落選, 当選確定, 取下げ) and the published
// result with how to re-check it. Every write goes through the store's use cases,
// the same as the JSON API.
import { csrfValid } from '../../engine/auth/csrf';
import { OFFERED, statusLabel } from '../../engine/booking/status';
import { EngineError, type Issue } from '../../engine/core/errors';
import { committed } from '../../engine/db';
import { answersOfMember } from '../../engine/members/fields';
import { HiddenInputs } from '../../engine/runtime/hidden-inputs';
import { pick, type Lang } from '../../engine/runtime/i18n';
import { pickInputs, type Inputs } from '../../engine/runtime/inputs';
import { newToken } from '../../engine/auth/token';
import { latestSnapshot, loadSnapshot, redirectToSnapshot } from '../../engine/http/routes/pages/snapshots';
import { bookerOf, prefill } from '../../engine/http/routes/pages/book';
import { guarded as guardedLookup } from '../../engine/http/routes/pages/booking-access';
import { localIso, parseInstant, epochToLocal } from '../../engine/schedule/time';
import { pageOf, type Page, type PageContext } from '../../engine/http/routes/pages/context';
import { AnswerRows, advance, field, FormScreen, issuesToErrors, readBody, ReviewForm, firstScreen, type Body, type Flow } from '../../engine/http/routes/pages/form-flow';
import { dateText, instantText } from '../../engine/http/routes/pages/format';
import { kindPages } from '../../engine/http/routes/pages/kind-pages';
import { ConfirmUndoable, HolderAction, KeyLookupPage, Outcome } from '../../engine/http/routes/pages/holder-parts';
import { Layout } from '../../engine/http/routes/pages/layout';
import { errorText, html } from '../../engine/http/routes/pages/render';
import { DetailsTable, type Row } from '../../engine/http/routes/pages/slot-table';
import type { CompiledService } from '../service/block';
import type { CompiledLottery } from './cycles';
import type { PublishedResult } from './draw';
import { applyEntry, checkChoices, confirmWin, ensureInstance, entryView, findEntry, findLottery, getResult, lotteryStatus, memberEntries, readInstance, withdrawEntry, ENTRY_STATE_WORDS, ENTRY, type EntryAuth } from './store';

type Choice = { resource: string; start: string };
const L = (lang: Lang, ja: string, en: string) => (lang === 'en' ? en : ja);

function serviceOf(p: Page, l: CompiledLottery): CompiledService {
  const s = p.published.tenant.get('service', l.service);
  if (!s) throw new EngineError('service.not_found', { service: l.service });
  return s;
}

function lotteryOf(c: PageContext, p: Page) {
  const l = findLottery(p.published, c.req.param('id') ?? '');
  return { l, service: serviceOf(p, l), base: `/lottery/${encodeURIComponent(l.id)}` };
}

async function stateOf(p: Page, l: CompiledLottery) {
  const db = p.c.get('deps').db;
  const now = p.now.getTime();
  // The hash is public from the moment the window opens (commit before reveal).
  const inst = now >= l.opensMs ? await ensureInstance(db, p.slug, l, now) : await readInstance(db, p.slug, l);
  return { inst, status: lotteryStatus(l, inst, now) };
}

const STATUS_WORDS: Record<string, [string, string]> = {
  upcoming: ['受付前', 'Not open yet'],
  open: ['申込受付中', 'Taking entries'],
  closed: ['受付終了・抽選待ち', 'Closed, awaiting the draw'],
  drawn: ['抽選済み', 'Drawn'],
};
const ENTRY_WORDS: Record<string, [string, string]> = Object.fromEntries(Object.entries(ENTRY_STATE_WORDS).map(([k, w]) => [k, [w.ja, w.en]]));
const words = (lang: Lang, table: Record<string, [string, string]>, key: string) => L(lang, ...(table[key] ?? [key, key]));
const when = (p: Page, l: CompiledLottery, ms: number) => instantText(ms, serviceTz(p, l), p.lang, p.dates);
const serviceTz = (p: Page, l: CompiledLottery) => p.published.tenant.get('service', l.service)?.calendar.timezone ?? 'Asia/Tokyo';

function choiceText(p: Page, service: CompiledService, c: Choice): string {
  const ms = parseInstant(c.start);
  const r = service.calendar.resources.find((x) => x.id === c.resource);
  const place = r ? pick(p.lang, r.title, r.titleEn) : c.resource;
  if (ms === undefined) return `${c.start} ${place}`;
  const slot = service.calendar.findSlot(c.resource, ms);
  const local = epochToLocal(ms, service.calendar.timezone);
  const end = slot ? epochToLocal(slot.endMs, service.calendar.timezone).time : '';
  return `${dateText(local.date, p.lang, p.dates)} ${local.time}〜${end} ${place}`;
}

const rankLabel = (lang: Lang, i: number) => L(lang, `第${i + 1}希望`, `Choice ${i + 1}`);

function facts(p: Page, l: CompiledLottery, status: string): Row[] {
  const { lang } = p;
  return [
    [L(lang, '抽選', 'Lottery'), l.title],
    [L(lang, '対象の利用日', 'Slots drawn'), `${dateText(l.slotsFrom, lang, p.dates)}〜${dateText(l.slotsTo, lang, p.dates)}`],
    [L(lang, '申込期間', 'Application window'), `${when(p, l, l.opensMs)}〜${when(p, l, l.closesMs)}`],
    [L(lang, '抽選日時', 'Draw'), when(p, l, l.drawAtMs)],
    [L(lang, '状態', 'Status'), <strong id="lottery-status">{words(lang, STATUS_WORDS, status)}</strong>],
    [L(lang, '申込み', 'Entries'), L(lang, `1人${l.maxEntriesPerPerson}件まで・希望は${l.maxChoices}つまで・当選は1人${l.maxWinsPerPerson}件まで`, `Up to ${l.maxEntriesPerPerson} per person, ${l.maxChoices} choices each, ${l.maxWinsPerPerson} win(s) per person`)],
  ];
}

function SeedHash({ p, hash }: { p: Page; hash: string | null | undefined }) {
  if (!hash) return null;
  return (
    <section aria-labelledby="seed-h">
      <h2 id="seed-h">{L(p.lang, '公正な抽選のために', 'A draw anyone can check')}</h2>
      <p>
        {L(
          p.lang,
          '申込期間の始まりに乱数（シード）を決め、そのハッシュ値（SHA-256）だけを先に公開しています。抽選後にシードを公開するので、誰でも結果を計算し直して確かめられます。',
          'When the window opens the draw’s random seed is fixed and only its SHA-256 hash is published. The seed is revealed after the draw, so anyone can recompute the result.',
        )}
      </p>
      <p>
        {L(p.lang, 'シードのハッシュ値', 'Seed hash')}: <code id="seed-hash" class="hash">{hash}</code>
      </p>
    </section>
  );
}

// 抽選のご案内: facts, the seed hash, and the ways on (apply, my entry, result).
async function overviewPage(c: PageContext): Promise<Response> {
  const p = pageOf(c);
  const { l, service, base } = lotteryOf(c, p);
  const { inst, status } = await stateOf(p, l);
  const { lang } = p;
  const mine = p.member ? await memberEntries(p.c.get('deps').db, p.slug, l, p.member.id) : [];
  return html(
    c,
    <Layout p={p} title={l.title}>
      <p>{L(lang, `${pick(lang, service.title, service.titleEn)}の利用枠は、この期間は先着順ではなく抽選で決めます。`, `These slots of ${pick(lang, service.title, service.titleEn)} are allocated by lottery, not first-come.`)}</p>
      <DetailsTable rows={facts(p, l, status)} />
      <ul class="done-links">
        {status === 'open' && (
          <li>
            <a class="button button-primary" id="apply-link" href={p.href(`${base}/apply`)}>
              {L(lang, '抽選に申し込む', 'Enter the lottery')}
            </a>
          </li>
        )}
        <li>
          <a href={p.href(`${base}/entry`)}>{L(lang, '申込内容・抽選結果の確認（申込番号とアクセスキー）', 'Check your entry and its outcome')}</a>
        </li>
        {status === 'drawn' && (
          <li>
            <a href={p.href(`${base}/result`)} id="result-link">
              {L(lang, '抽選結果の公開（検証用）', 'Published result (to verify)')}
            </a>
          </li>
        )}
        <li>
          <a href={p.href(`/s/${service.id}`, { from: l.slotsFrom })}>{L(lang, '空き状況に戻る', 'Back to availability')}</a>
        </li>
      </ul>
      {mine.length > 0 && (
        <section aria-labelledby="mine-h">
          <h2 id="mine-h">{L(lang, 'あなたの申込み', 'Your entries')}</h2>
          <ul>
            {mine.map((e) => (
              <li>
                <a href={p.href(`${base}/entry`, { no: String(e.entryNo) })}>
                  {L(lang, `申込番号 ${e.entryNo}`, `Entry ${e.entryNo}`)}
                </a>{' '}
                {words(lang, ENTRY_WORDS, e.status)}
              </li>
            ))}
          </ul>
        </section>
      )}
      <SeedHash p={p} hash={inst?.seedHash} />
    </Layout>,
  );
}

// --- 希望の選択 ------------------------------------------------------------

/** Ranked choices posted as d1/t1/r1 (date, time, place) …; empty ranks are skipped. */
function choicesOf(l: CompiledLottery, service: CompiledService, q: (name: string) => string): { choices: Choice[]; ranks: number[]; picked: Record<string, string>; partial: number[] } {
  const choices: Choice[] = [];
  const ranks: number[] = [];
  const picked: Record<string, string> = {};
  const partial: number[] = [];
  for (let i = 1; i <= l.maxChoices; i++) {
    const d = q(`d${i}`);
    const t = q(`t${i}`);
    const r = q(`r${i}`);
    if (!d && !t && !r) continue;
    Object.assign(picked, { [`d${i}`]: d, [`t${i}`]: t, [`r${i}`]: r });
    if (!/^\d{4}-\d{2}-\d{2}$/.test(d) || !/^\d{2}:\d{2}$/.test(t) || !r) {
      partial.push(i);
      continue;
    }
    choices.push({ resource: r, start: localIso(d, t, service.calendar.timezone) });
    ranks.push(i);
  }
  return { choices, ranks, picked, partial };
}

/** Errors by rank (1-based) from the store's issues at /choices/N. */
function choiceErrors(issues: readonly Issue[], ranks: number[], lang: Lang): Record<number, string> {
  const out: Record<number, string> = {};
  for (const i of issues) {
    const m = /^\/choices(?:\/(\d+))?/.exec(i.path);
    if (!m) continue;
    const rank = m[1] === undefined ? 1 : ranks[Number(m[1])] ?? Number(m[1]) + 1;
    out[rank] ??= lang === 'en' ? i.messageEn ?? i.message : i.message;
  }
  return out;
}

function ChoicesPage({ p, l, service, base, picked, errors }: { p: Page; l: CompiledLottery; service: CompiledService; base: string; picked: Record<string, string>; errors: Record<number, string> }) {
  const { lang } = p;
  const cal = service.calendar;
  const slots = cal.expand(l.slotsFrom, l.slotsTo).filter((s) => !s.closed);
  const dates = [...new Set(slots.map((s) => s.date))];
  const times = [...new Set(slots.map((s) => s.startLocal))].sort();
  const hasErrors = Object.keys(errors).length > 0;
  return (
    <Layout p={p} title={L(lang, '抽選の申込み：希望の選択', 'Lottery entry: your choices')} step="input" errorTitle={hasErrors}>
      {hasErrors && (
        <div class="error-summary" role="alert" tabIndex={-1}>
          <h2 class="error-summary-title">{L(lang, '希望を確認してください', 'Please check your choices')}</h2>
          <ul>
            {Object.entries(errors).map(([rank, msg]) => (
              <li>
                <a href={`#d${rank}`}>{`${rankLabel(lang, Number(rank) - 1)}: ${msg}`}</a>
              </li>
            ))}
          </ul>
        </div>
      )}
      <DetailsTable rows={[[L(lang, '抽選', 'Lottery'), l.title], [L(lang, '申込期間', 'Window'), `${when(p, l, l.opensMs)}〜${when(p, l, l.closesMs)}`]]} />
      <p>{L(lang, `希望する枠を、希望の順に${l.maxChoices}つまで選んでください。第1希望から順に、空いている枠が当選します（1つの申込みで当選するのは1枠です）。`, `Choose up to ${l.maxChoices} slots in order of preference. The draw gives each entry its first choice still free (one slot per entry).`)}</p>
      <form method="get" action={p.href(`${base}/apply/form`)} class="form" noValidate>
        {lang === 'en' && <input type="hidden" name="lang" value="en" />}
        {Array.from({ length: l.maxChoices }, (_, k) => {
          const i = k + 1;
          const err = errors[i];
          const req = i === 1;
          return (
            <fieldset class={`field${err ? ' field-error' : ''}`} aria-describedby={err ? `c${i}-err` : undefined}>
              <legend class="label">
                {rankLabel(lang, k)} {req ? <span class="badge badge-required">{L(lang, '必須', 'Required')}</span> : <span class="badge">{L(lang, '任意', 'Optional')}</span>}
              </legend>
              {err && (
                <p class="error-text" id={`c${i}-err`}>
                  {err}
                </p>
              )}
              <label class="label" for={`d${i}`}>
                {L(lang, '利用日', 'Date')}
              </label>
              <select class="input" id={`d${i}`} name={`d${i}`} required={req}>
                <option value="">{L(lang, '選んでください', 'Choose')}</option>
                {dates.map((d) => (
                  <option value={d} selected={picked[`d${i}`] === d}>
                    {dateText(d, lang, p.dates)}
                  </option>
                ))}
              </select>
              <label class="label" for={`t${i}`}>
                {L(lang, '開始時刻', 'Start time')}
              </label>
              <select class="input" id={`t${i}`} name={`t${i}`} required={req}>
                <option value="">{L(lang, '選んでください', 'Choose')}</option>
                {times.map((t) => (
                  <option value={t} selected={picked[`t${i}`] === t}>
                    {t}
                  </option>
                ))}
              </select>
              <label class="label" for={`r${i}`}>
                {L(lang, '場所', 'Place')}
              </label>
              <select class="input" id={`r${i}`} name={`r${i}`} required={req}>
                <option value="">{L(lang, '選んでください', 'Choose')}</option>
                {cal.resources.map((r) => (
                  <option value={r.id} selected={picked[`r${i}`] === r.id}>
                    {pick(lang, r.title, r.titleEn)}
                  </option>
                ))}
              </select>
            </fieldset>
          );
        })}
        <div class="actions">
          <button type="submit" class="button button-primary">
            {L(lang, '申込者の入力へ', 'Next: your details')}
          </button>
          <a class="button button-secondary" href={p.href(base)}>
            {L(lang, '戻る', 'Back')}
          </a>
        </div>
      </form>
    </Layout>
  );
}

/** Who applies: as for a booking (the logged-in member where the service takes members, else a guest). */
const applicantOf = bookerOf;

/** Entries only while the window is open: before and after, the page says when it was (and links to the guide). */
async function requireOpen(p: Page, l: CompiledLottery): Promise<void> {
  if ((await stateOf(p, l)).status !== 'open') throw new EngineError('lottery.not_open', { opens: when(p, l, l.opensMs), closes: when(p, l, l.closesMs) });
}

async function choicesPage(c: PageContext): Promise<Response> {
  const p = pageOf(c);
  const { l, service, base } = lotteryOf(c, p);
  applicantOf(p, service);
  await requireOpen(p, l);
  const picked: Record<string, string> = {};
  // From a grid cell: that slot is the 第1希望.
  const start = parseInstant(c.req.query('start') ?? '');
  const resource = c.req.query('resource') ?? '';
  if (start !== undefined && resource) {
    const local = epochToLocal(start, service.calendar.timezone);
    Object.assign(picked, { d1: local.date, t1: local.time, r1: resource });
  }
  for (const k of Object.keys(c.req.queries())) if (/^[dtr]\d+$/.test(k)) picked[k] = c.req.query(k) ?? '';
  return html(c, <ChoicesPage p={p} l={l} service={service} base={base} picked={picked} errors={{}} />);
}

// --- 申込者の入力 → 確認 → 申込 (the service's own form) ---------------------

function flowOf(p: Page, service: CompiledService, base: string, picked: Record<string, string>): Flow {
  return {
    p,
    form: service.form,
    mode: 'classic',
    action: p.href(`${base}/apply/form`),
    hidden: picked,
    primary: 'toConfirm',
    backHref: p.href(`${base}/apply`, picked),
  };
}

function ChoiceRows({ p, service, choices }: { p: Page; service: CompiledService; choices: Choice[] }) {
  return (
    <>
      {choices.map((ch, i) => (
        <tr>
          <th scope="row">{rankLabel(p.lang, i)}</th>
          <td>{choiceText(p, service, ch)}</td>
        </tr>
      ))}
    </>
  );
}

function FormPage({ p, l, service, flow, choices, state, notice }: { p: Page; l: CompiledLottery; service: CompiledService; flow: Flow; choices: Choice[]; state: { step: string; inputs: Inputs; errors: Record<string, string> }; notice?: string }) {
  const { lang } = p;
  return (
    <Layout p={p} title={L(lang, '抽選の申込み：申込者の入力', 'Lottery entry: your details')} step="input" errorTitle={Object.keys(state.errors).length > 0 || !!notice}>
      {notice && (
        <div class="notice notice-error" role="alert">
          <p>{notice}</p>
        </div>
      )}
      <DetailsTable rows={[[L(lang, '抽選', 'Lottery'), l.title]]}>
        <ChoiceRows p={p} service={service} choices={choices} />
      </DetailsTable>
      <FormScreen flow={flow} state={state} />
    </Layout>
  );
}

function checkedChoices(p: Page, l: CompiledLottery, service: CompiledService, q: (name: string) => string, base: string): { ok: true; choices: Choice[]; picked: Record<string, string> } | { ok: false; response: Response } {
  const { choices, ranks, picked, partial } = choicesOf(l, service, q);
  const errors: Record<number, string> = {};
  for (const i of partial) errors[i] = L(p.lang, '利用日・開始時刻・場所をすべて選んでください。', 'Choose a date, a start time and a place.');
  try {
    if (!partial.length) checkChoices(l, service, choices);
  } catch (e) {
    if (!(e instanceof EngineError) || !e.issues) throw e;
    Object.assign(errors, choiceErrors(e.issues, ranks, p.lang));
  }
  if (Object.keys(errors).length) return { ok: false, response: html(p.c, <ChoicesPage p={p} l={l} service={service} base={base} picked={picked} errors={errors} />, 422) };
  return { ok: true, choices, picked };
}

interface DoneSnapshot {
  choices: Choice[];
  entryNo: number;
  accessKey?: string;
}

async function formGet(c: PageContext): Promise<Response> {
  const p = pageOf(c);
  const { l, service, base } = lotteryOf(c, p);
  // The completion page saved for this browser (it stays readable after the window closes).
  const saved = await loadSnapshot<DoneSnapshot>(c, c.req.query('s'));
  if (saved && saved.scope.startsWith(`lottery:${l.id}:`)) return html(c, <DonePage p={p} l={l} service={service} base={base} {...saved.data} />);
  applicantOf(p, service);
  await requireOpen(p, l);
  const r = checkedChoices(p, l, service, (n) => c.req.query(n) ?? '', base);
  if (!r.ok) return r.response;
  const flow = flowOf(p, service, base, r.picked);
  const state = firstScreen(flow, prefill(p, service));
  if (state.kind !== 'screen') throw new Error('first screen expected');
  return html(c, <FormPage p={p} l={l} service={service} flow={flow} choices={r.choices} state={state} />);
}

async function formPost(c: PageContext): Promise<Response> {
  const p = pageOf(c);
  const { l, service, base } = lotteryOf(c, p);
  const body = await readBody(c);
  const applicant = applicantOf(p, service);
  const r = checkedChoices(p, l, service, (n) => field(body, n), base);
  if (!r.ok) return r.response;
  const flow = flowOf(p, service, base, r.picked);
  const { lang } = p;
  if (!csrfValid(c, body._csrf)) {
    return html(c, <FormPage p={p} l={l} service={service} flow={flow} choices={r.choices} state={{ step: '', inputs: pickInputs(body), errors: {} }} notice={L(lang, '画面の有効期限が切れました。内容を確かめて、もう一度ボタンを押してください。', 'This screen expired. Check your answers and press the button again.')} />, 403);
  }
  const o = advance(flow, body);
  if (o.kind === 'screen') return html(c, <FormPage p={p} l={l} service={service} flow={flow} choices={r.choices} state={o} />, Object.keys(o.errors).length ? 422 : 200);
  if (o.kind === 'exit') return c.redirect(flow.backHref!, 303);
  const idem = field(body, 'idem') || newToken(18);
  const review = (notice?: string, status: 200 | 409 = 200) =>
    html(
      c,
      <Layout p={p} title={L(lang, '抽選の申込み：内容の確認', 'Lottery entry: review')} step="confirm" errorTitle={!!notice}>
        {notice && (
          <div class="notice notice-error" role="alert">
            <p>{notice}</p>
          </div>
        )}
        <DetailsTable rows={[[L(lang, '抽選', 'Lottery'), l.title]]}>
          <ChoiceRows p={p} service={service} choices={r.choices} />
          <AnswerRows form={service.form} answers={o.answers} lang={lang} />
        </DetailsTable>
        <p>{L(lang, 'この内容で抽選に申し込みます。抽選日時に結果が決まります。', 'You are entering the lottery with these choices. The outcome is decided at the draw.')}</p>
        <ReviewForm flow={flow} inputs={o.inputs} confirm="apply" extraHidden={{ idem }} />
      </Layout>,
      status,
    );
  if (o.kind === 'review') return review();
  const deps = c.get('deps');
  // 申込 posted again (a double click, back and resubmit) from this browser shows the first entry, not a second one.
  const scope = `lottery:${l.id}:${idem}`;
  const before = await latestSnapshot<DoneSnapshot>(c, scope);
  if (before) return html(c, <DonePage p={p} l={l} service={service} base={base} {...before} />);
  try {
    const res = await committed(deps.db, () =>
      applyEntry(deps, {
        published: p.published,
        lotteryId: l.id,
        choices: r.choices,
        answers: o.raw,
        ...(applicant.memberId ? { memberId: applicant.memberId, member: answersOfMember(p.member!) } : {}),
        actor: applicant.memberId ? { type: 'member', id: applicant.memberId, ip: p.ip } : { type: 'resident', ip: p.ip },
        channel: 'web',
      }),
    );
    const done: DoneSnapshot = { choices: r.choices, entryNo: res.entryNo, ...(res.accessKey ? { accessKey: res.accessKey } : {}) };
    // Post/Redirect/Get: reloading the completion page asks nothing and enters nothing again.
    return await redirectToSnapshot(c, p.href(`${base}/apply/form`), scope, done, () => html(c, <DonePage p={p} l={l} service={service} base={base} {...done} />, 201));
  } catch (e) {
    if (!(e instanceof EngineError)) throw e;
    if (e.code === 'input.invalid' && e.issues) {
      return html(c, <FormPage p={p} l={l} service={service} flow={flow} choices={r.choices} state={{ step: '', inputs: o.inputs, errors: issuesToErrors(e.issues, lang) }} />, 422);
    }
    return review(errorText(e, lang), 409);
  }
}

function DonePage({ p, l, service, base, choices, entryNo, accessKey }: { p: Page; l: CompiledLottery; service: CompiledService; base: string; choices: Choice[]; entryNo: number; accessKey?: string | undefined }) {
  const { lang } = p;
  return (
    <Layout p={p} title={L(lang, '抽選の申込みを受け付けました', 'Your lottery entry is received')} step="done">
      <div class="notice" role="status">
        <p>{L(lang, `抽選は${when(p, l, l.drawAtMs)}に行います。結果はこのサイトの「申込内容・抽選結果の確認」でご覧いただけます。`, `The draw is on ${when(p, l, l.drawAtMs)}. Check the outcome on this site.`)}</p>
      </div>
      <DetailsTable
        rows={[
          [L(lang, '抽選', 'Lottery'), l.title],
          [L(lang, '抽選申込番号', 'Entry number'), <strong class="key" id="entry-no">{entryNo}</strong>],
          ...(accessKey ? ([[L(lang, 'アクセスキー', 'Access key'), <strong class="key" id="access-key">{accessKey}</strong>]] as Row[]) : []),
        ]}
      >
        <ChoiceRows p={p} service={service} choices={choices} />
      </DetailsTable>
      {accessKey && <p class="notice">{L(lang, '抽選申込番号とアクセスキーは、結果の確認・当選確定・取下げに必要です。この画面を印刷するか、書き留めてください（アクセスキーは再表示できません）。', 'You need the entry number and access key to see the outcome, confirm a win or withdraw. Print this page or write them down (the key is not shown again).')}</p>}
      <ul class="done-links">
        <li>
          <a href={p.href(`${base}/entry`, p.member ? { no: String(entryNo) } : {})}>{L(lang, '申込内容・抽選結果の確認', 'Check your entry')}</a>
        </li>
        <li>
          <a href={p.href('/')}>{L(lang, 'トップへ', 'Home')}</a>
        </li>
      </ul>
    </Layout>
  );
}

// --- 申込内容・抽選結果の確認 ------------------------------------------------

interface Holder {
  entryNo: string;
  accessKey?: string;
}

function holderOf(p: Page, body: Body): Holder {
  const entryNo = field(body, 'entryNo').normalize('NFKC').trim();
  const accessKey = field(body, 'accessKey').normalize('NFKC').trim();
  return accessKey || !p.member ? { entryNo, accessKey } : { entryNo };
}
const authOf = (p: Page, h: Holder): EntryAuth => (h.accessKey !== undefined ? { kind: 'access-key', key: h.accessKey } : p.member ? { kind: 'member', memberId: p.member.id } : { kind: 'access-key', key: undefined });
const holderHidden = (h: Holder): Record<string, string> => (h.accessKey !== undefined ? { entryNo: h.entryNo, accessKey: h.accessKey } : { entryNo: h.entryNo });

/** Look-ups under the failure limiter, as the API: a wrong key counts, a right one does not. */
const guarded = async <T,>(p: Page, run: () => Promise<T>): Promise<T> => await guardedLookup(p, run, 'lottery.entry_not_found');

function LookupPage({ p, l, base, error, entryNo = '' }: { p: Page; l: CompiledLottery; base: string; error?: string; entryNo?: string }) {
  const { lang } = p;
  return (
    <KeyLookupPage
      p={p}
      title={L(lang, '抽選の申込内容・結果の確認', 'Your lottery entry')}
      intro={L(lang, `${l.title}の抽選申込番号とアクセスキーを入力してください。`, `Enter the entry number and access key of your entry in ${l.title}.`)}
      path={`${base}/entry`}
      number={{ name: 'entryNo', id: 'entry-no-input', label: L(lang, '抽選申込番号', 'Entry number'), value: entryNo }}
      keyLabel={L(lang, 'アクセスキー', 'Access key')}
      button={L(lang, '確認する', 'Show')}
      error={error}
    />
  );
}

async function EntryPage({ p, l, service, base, h, notice, done, status = 200 }: { p: Page; l: CompiledLottery; service: CompiledService; base: string; h: Holder; notice?: string; done?: string; status?: 200 | 409 }): Promise<Response> {
  const { lang } = p;
  const db = p.c.get('deps').db;
  const row = await guarded(p, () => findEntry(db, p.slug, l, h.entryNo, authOf(p, h)));
  const v = await entryView(db, row);
  const { status: ls } = await stateOf(p, l);
  const now = p.now.getTime();
  const canWithdraw = v.status === ENTRY.applied && l.onlineWithdrawal && ls === 'open';
  const b = v.booking;
  const confirmBy = b?.confirmBy ? Date.parse(b.confirmBy) : undefined;
  const canConfirm = v.status === 'won' && b?.status === OFFERED && (confirmBy === undefined || now < confirmBy);
  const Action = (a: { action: string; label: string; kind: string; id: string }) => <HolderAction p={p} path={`${base}/entry`} holder={holderHidden(h)} {...a} />;
  return html(
    p.c,
    <Layout p={p} title={L(lang, '抽選の申込内容・結果', 'Your lottery entry')} errorTitle={!!notice}>
      <Outcome notice={notice} done={done} />
      <DetailsTable
        rows={[
          [L(lang, '抽選', 'Lottery'), l.title],
          [L(lang, '抽選申込番号', 'Entry number'), <strong class="key">{v.entryNo}</strong>],
          [L(lang, '状態', 'Status'), <strong id="entry-status">{words(lang, ENTRY_WORDS, v.status)}</strong>],
          ...(v.status === ENTRY.applied ? ([[L(lang, '抽選日時', 'Draw'), when(p, l, l.drawAtMs)]] as Row[]) : []),
        ]}
      >
        {v.choices.map((ch, i) => (
          <tr>
            <th scope="row">{rankLabel(lang, i)}</th>
            <td>
              {choiceText(p, service, ch)}
              {v.wonChoice === i && (
                <>
                  {' '}
                  <strong class="badge" id="won-choice">
                    {L(lang, '当選', 'Won')}
                  </strong>
                </>
              )}
            </td>
          </tr>
        ))}
        {b && (
          <>
            <tr>
              <th scope="row">{L(lang, '予約の受付番号', 'Booking receipt')}</th>
              <td>
                <strong class="key" id="receipt-no">
                  {b.receiptNo}
                </strong>
              </td>
            </tr>
            <tr>
              <th scope="row">{L(lang, '予約の状態', 'Booking status')}</th>
              <td id="booking-status">{statusLabel(b.status, lang)}</td>
            </tr>
            {canConfirm && confirmBy !== undefined && (
              <tr>
                <th scope="row">{L(lang, '当選確定の期限', 'Confirm by')}</th>
                <td id="confirm-by">
                  <strong>{instantText(confirmBy, service.calendar.timezone, lang, p.dates)}</strong>
                </td>
              </tr>
            )}
          </>
        )}
      </DetailsTable>
      {canConfirm && <p>{L(lang, '期限までに「当選を確定する」を押してください。期限を過ぎると当選は取り消され、枠は他の方に開放されます。', 'Press “Confirm the win” before the deadline, or the place is released to others.')}</p>}
      {b && h.accessKey && <p>{L(lang, '予約の確認・取消は、予約の受付番号とこのアクセスキーで「予約確認・変更・取消」からできます。', 'You can check or cancel the booking under “Check, change or cancel” with its receipt number and this access key.')}</p>}
      {v.status === ENTRY.applied && !l.onlineWithdrawal && <p>{L(lang, 'この抽選はオンラインで取り下げできません。取り下げる場合は施設へご連絡ください。', 'This lottery cannot be withdrawn online. Please contact the facility.')}</p>}
      <div class="actions">
        {canConfirm && <Action action="confirm" label={L(lang, '当選を確定する', 'Confirm the win')} kind="button-primary" id="confirm-win" />}
        {canWithdraw && <Action action="withdraw-ask" label={L(lang, '申込みを取り下げる', 'Withdraw the entry')} kind="button-secondary" id="withdraw" />}
      </div>
      <ul class="done-links">
        <li>
          <a href={p.href(base)}>{L(lang, '抽選のご案内へ', 'About this lottery')}</a>
        </li>
      </ul>
    </Layout>,
    status,
  );
}

async function entryGet(c: PageContext): Promise<Response> {
  const p = pageOf(c);
  const { l, service, base } = lotteryOf(c, p);
  const no = c.req.query('no');
  // A member opens their own entry by number; anyone else types the number and key.
  if (p.member && no) return await EntryPage({ p, l, service, base, h: { entryNo: no } });
  return html(c, <LookupPage p={p} l={l} base={base} entryNo={no ?? ''} />);
}

async function entryPost(c: PageContext): Promise<Response> {
  const p = pageOf(c);
  const { l, service, base } = lotteryOf(c, p);
  const body = await readBody(c);
  const h = holderOf(p, body);
  const { lang } = p;
  if (!csrfValid(c, body._csrf)) return html(c, <LookupPage p={p} l={l} base={base} entryNo={h.entryNo} error={L(lang, '画面の有効期限が切れました。もう一度お試しください。', 'This screen expired. Please try again.')} />, 403);
  const action = field(body, 'action');
  const deps = c.get('deps');
  const actor = p.member && h.accessKey === undefined ? { type: 'member' as const, id: p.member.id, ip: p.ip } : { type: 'resident' as const, ip: p.ip };
  try {
    if (action === 'withdraw-ask') {
      const row = await guarded(p, () => findEntry(deps.db, p.slug, l, h.entryNo, authOf(p, h)));
      return html(
        c,
        <ConfirmUndoable
          p={p}
          title={L(lang, '抽選申込の取下げ', 'Withdraw the entry')}
          text={L(lang, `抽選申込番号 ${row.entryNo} を取り下げます。取り下げると抽選の対象外になり、元に戻せません。`, `Entry ${row.entryNo} will be withdrawn from the draw. This cannot be undone.`)}
          path={`${base}/entry`}
          holder={holderHidden(h)}
          confirm={{ action: 'withdraw', label: L(lang, '取り下げる', 'Withdraw'), id: 'withdraw-confirm' }}
          back={L(lang, '戻る', 'Back')}
        />,
      );
    }
    if (action === 'withdraw') {
      await guarded(p, () => committed(deps.db, () => withdrawEntry(deps, { published: p.published, lotteryId: l.id, entryNo: h.entryNo, auth: authOf(p, h), actor })));
      return await EntryPage({ p, l, service, base, h, done: L(lang, '抽選の申込みを取り下げました。', 'The entry has been withdrawn.') });
    }
    if (action === 'confirm') {
      await guarded(p, () => committed(deps.db, () => confirmWin(deps, { published: p.published, lotteryId: l.id, entryNo: h.entryNo, auth: authOf(p, h), actor })));
      return await EntryPage({ p, l, service, base, h, done: L(lang, '当選を確定しました。ご利用をお待ちしています。', 'Your win is confirmed. See you there.') });
    }
    return await EntryPage({ p, l, service, base, h });
  } catch (e) {
    if (!(e instanceof EngineError)) throw e;
    if (e.code === 'lottery.entry_not_found' || e.code === 'http.rate_limited') {
      return html(c, <LookupPage p={p} l={l} base={base} entryNo={h.entryNo} error={errorText(e, lang)} />, e.code === 'http.rate_limited' ? 429 : 404);
    }
    return await EntryPage({ p, l, service, base, h, notice: errorText(e, lang), status: 409 });
  }
}

// --- 抽選結果の公開 ----------------------------------------------------------

async function resultPage(c: PageContext): Promise<Response> {
  const p = pageOf(c);
  const { l, service, base } = lotteryOf(c, p);
  const { inst, status } = await stateOf(p, l);
  const { lang } = p;
  const json = `/api/t/${p.slug}/lotteries/${encodeURIComponent(l.id)}/result`;
  if (status !== 'drawn') {
    return html(
      c,
      <Layout p={p} title={L(lang, `${l.title}：抽選結果`, `${l.title}: result`)}>
        <div class="notice" role="status">
          <p>{L(lang, `抽選はまだ行われていません（抽選日時 ${when(p, l, l.drawAtMs)}）。`, `Not drawn yet (draw on ${when(p, l, l.drawAtMs)}).`)}</p>
        </div>
        <SeedHash p={p} hash={inst?.seedHash} />
        <p>
          <a href={p.href(base)}>{L(lang, '抽選のご案内へ', 'About this lottery')}</a>
        </p>
      </Layout>,
    );
  }
  const r: PublishedResult = await getResult(c.get('deps'), p.published, l.id);
  const tier = (t: number) => (l.priority[t] ? l.priority[t]!.title : L(lang, '一般', 'General'));
  return html(
    c,
    <Layout p={p} title={L(lang, `${l.title}：抽選結果`, `${l.title}: result`)}>
      <p>{L(lang, 'この抽選の結果を、個人を特定できる情報を除いて公開しています。申込番号ごとの希望・優先区分・結果と、抽選に使ったシードを誰でも確かめられます。', 'The result without personal data: each entry’s choices, tier and outcome, and the seed the draw used, for anyone to check.')}</p>
      <DetailsTable
        rows={[
          [L(lang, '抽選日時（実施）', 'Drawn at'), instantText(Date.parse(r.drawnAt), service.calendar.timezone, lang, p.dates)],
          [L(lang, 'シードのハッシュ値（事前公開）', 'Seed hash (published in advance)'), <code class="hash" id="seed-hash">{r.seedHash}</code>],
          [L(lang, 'シード（抽選後に公開）', 'Seed (revealed after the draw)'), <code class="hash" id="seed">{r.seed}</code>],
          [L(lang, '申込一覧のハッシュ値', 'Entries digest'), <code class="hash">{r.entriesDigest}</code>],
          [L(lang, '申込数・当選数', 'Entries, wins'), `${r.entries.length} / ${r.entries.filter((e) => e.outcome === 'won').length}`],
        ]}
      />
      <h2>{L(lang, '申込ごとの結果', 'Entries')}</h2>
      <table class="bookings" id="result-table">
        <thead>
          <tr>
            <th scope="col">{L(lang, '申込番号', 'Entry')}</th>
            <th scope="col">{L(lang, '優先区分', 'Tier')}</th>
            <th scope="col">{L(lang, '希望', 'Choices')}</th>
            <th scope="col">{L(lang, '結果', 'Outcome')}</th>
          </tr>
        </thead>
        <tbody>
          {r.entries.map((e) => (
            <tr>
              <td data-label={L(lang, '申込番号', 'Entry')}>{e.entryNo}</td>
              <td data-label={L(lang, '優先区分', 'Tier')}>{tier(e.tier)}</td>
              <td data-label={L(lang, '希望', 'Choices')}>
                <ol class="choices">
                  {e.choices.map((ch) => (
                    <li>{choiceText(p, service, ch)}</li>
                  ))}
                </ol>
              </td>
              <td data-label={L(lang, '結果', 'Outcome')}>{e.outcome === 'won' ? L(lang, `当選（${rankLabel(lang, e.wonChoice ?? 0)}）`, `Won (choice ${(e.wonChoice ?? 0) + 1})`) : L(lang, '落選', 'Not drawn')}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <section aria-labelledby="verify-h">
        <h2 id="verify-h">{L(lang, '結果を自分で確かめるには', 'Check it yourself')}</h2>
        <ol>
          <li>
            {L(lang, '公開データ（JSON）を保存します：', 'Save the published data (JSON): ')}
            <a href={json} id="result-json" download={`lottery-${l.id}.json`}>
              {L(lang, '抽選結果データ', 'Result data')}
            </a>
          </li>
          <li>{L(lang, 'SHA-256(シード) が、申込期間の始まりに公開したハッシュ値と一致することを確かめます。', 'Check that SHA-256(seed) equals the hash published when the window opened.')}</li>
          <li>
            {L(lang, 'このシステムのソースコードで次を実行すると、抽選を計算し直して一致すれば 0 で終わり、違えばどこが違うかを表示します：', 'With this system’s source code, run the following; it recomputes the draw and exits 0 when it matches, or says what differs:')}
            <pre>
              <code>npm run lottery:verify -- lottery-{l.id}.json</code>
            </pre>
          </li>
        </ol>
        <p>{L(lang, '順位は「優先区分 → HMAC-SHA256(シード, 申込番号) の小さい順 → 申込番号」で決まり、各申込みは第1希望から順に空いている枠に当選します。', 'Order: tier, then HMAC-SHA256(seed, entry number) ascending, then entry number; each entry gets its first choice still free.')}</p>
      </section>
      <p>
        <a href={p.href(base)}>{L(lang, '抽選のご案内へ', 'About this lottery')}</a>
      </p>
    </Layout>,
  );
}

export const lotteryPages = kindPages('lottery')
  .get('/t/:tenant/lottery/:id', overviewPage)
  .get('/t/:tenant/lottery/:id/apply', choicesPage)
  .get('/t/:tenant/lottery/:id/apply/form', formGet)
  .post('/t/:tenant/lottery/:id/apply/form', formPost)
  .get('/t/:tenant/lottery/:id/entry', entryGet)
  .post('/t/:tenant/lottery/:id/entry', entryPost)
  .get('/t/:tenant/lottery/:id/result', resultPage);

