// Resident pages of the permit kind (server-rendered, no JavaScript needed):
// 施設利用登録 (what there is, and the member's own permits: 照会), the application
// (入力 → 確認 → 受付), a notice on the pages of the services a permit covers, and a
// section of the member's page.
import type { ComponentChildren } from 'preact';
import { csrfValid } from '../../engine/auth/csrf';
import type { ServiceNotice } from '../../engine/core/behaviour';
import type { PublishedTenant } from '../../engine/config/tenant';
import type { Db } from '../../engine/db';
import { kindPages } from '../../engine/http/routes/pages/kind-pages';
import { EngineError } from '../../engine/core/errors';
import { committed } from '../../engine/db';
import { pageOf, type Page } from '../../engine/http/routes/pages/context';
import { advance, AnswerRows, field, firstScreen, FormScreen, issuesToErrors, readBody, type Body, type Flow } from '../../engine/http/routes/pages/form-flow';
import { dateText } from '../../engine/http/routes/pages/format';
import { Layout } from '../../engine/http/routes/pages/layout';
import { errorText, html } from '../../engine/http/routes/pages/render';
import { DetailsTable, type Row } from '../../engine/http/routes/pages/slot-table';
import { latestSnapshot, loadSnapshot, redirectToSnapshot } from '../../engine/http/routes/pages/snapshots';
import { HiddenInputs } from '../../engine/runtime/hidden-inputs';
import { pick, type Lang } from '../../engine/runtime/i18n';
import { answersFromInputs, pickInputs, type Inputs } from '../../engine/runtime/inputs';
import type { Answers } from '../form/answers';
import type { CompiledPermit, PermitUnlock } from './block';
import { checkCanApply, checkHolder, findPermit, grantOrApply, heldOn, memberPermits, permitByNo, permitView, tenantToday, type PermitView } from './store';
import { PERMIT } from './states';

const L = (lang: Lang, ja: string, en: string) => (lang === 'en' ? en : ja);

type ServiceNoticeLine = Awaited<ReturnType<ServiceNotice['notices']>>[number];

function validityText(p: CompiledPermit, lang: Lang): string {
  if (p.validity.kind === 'fiscal-year-end') return L(lang, '承認された日から年度末（3月31日）まで', 'From approval to the end of the fiscal year (31 March)');
  return L(lang, `承認された日から${p.validity.months}か月`, `${p.validity.months} months from approval`);
}

export function unlockWords(published: PublishedTenant, u: PermitUnlock, lang: Lang): string {
  const s = published.tenant.get('service', u.service);
  const service = s ? pick(lang, s.title, s.titleEn) : u.service;
  const places = u.resources?.map((r) => {
    const x = s?.calendar.resources.find((y) => y.id === r);
    return x ? pick(lang, x.title, x.titleEn) : r;
  });
  const where = places ? L(lang, `（${places.join('・')}）`, ` (${places.join(', ')})`) : '';
  const when = u.times ? L(lang, ` ${u.times.from}〜${u.times.to}に始まる枠`, `, slots starting ${u.times.from}–${u.times.to}`) : L(lang, ' 全時間帯', ', all day');
  return `${service}${where}${when}`;
}

const unlockText = (page: Page, u: PermitUnlock) => unlockWords(page.published, u, page.lang);

function periodText(v: Pick<PermitView, 'validFrom' | 'validUntil'>, lang: Lang): string {
  return v.validFrom && v.validUntil ? `${dateText(v.validFrom, lang)} 〜 ${dateText(v.validUntil, lang)}` : '—';
}

/** The member's permits as a table (照会); empty list → a sentence. */
function MyPermits({ page, rows, id }: { page: Page; rows: readonly PermitView[]; id: string }) {
  const { lang } = page;
  if (rows.length === 0) return <p>{L(lang, '施設利用登録はまだありません。', 'You hold no facility-use permits yet.')}</p>;
  return (
    <table class="bookings" id={id}>
      <thead>
        <tr>
          <th scope="col">{L(lang, '登録', 'Permit')}</th>
          <th scope="col">{L(lang, '登録番号', 'Number')}</th>
          <th scope="col">{L(lang, '状態', 'Status')}</th>
          <th scope="col">{L(lang, '有効期間', 'Valid')}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr>
            <td data-label={L(lang, '登録', 'Permit')}>{pick(lang, r.title, r.titleEn)}</td>
            <td data-label={L(lang, '登録番号', 'Number')}>{r.permitNo}</td>
            <td data-label={L(lang, '状態', 'Status')}>
              <strong>{lang === 'en' ? r.statusLabelEn : r.statusLabel}</strong>
              {r.reason && (r.status === PERMIT.rejected || r.status === PERMIT.revoked) && (
                <>
                  <br />
                  {L(lang, '理由：', 'Reason: ')}
                  {r.reason}
                </>
              )}
            </td>
            <td data-label={L(lang, '有効期間', 'Valid')}>{periodText(r, lang)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

const toLogin = (page: Page, next: string) => page.c.redirect(page.href('/login', { next }), 303);

async function listPage(page: Page): Promise<Response> {
  const { lang } = page;
  const deps = page.c.get('deps');
  const list = page.published.tenant.list('permit');
  const mine = page.member ? await memberPermits(deps, page.published, page.member.id) : [];
  return html(
    page.c,
    <Layout p={page} title={L(lang, '施設利用登録', 'Facility-use permits')}>
      <p>{L(lang, '次の施設・時間帯を予約するには、施設利用登録が必要です。', 'The facilities and times below can be booked only with a facility-use permit.')}</p>
      {page.member ? (
        <section class="box" aria-labelledby="my-permits-h">
          <h2 id="my-permits-h">{L(lang, 'あなたの施設利用登録', 'Your permits')}</h2>
          <MyPermits page={page} rows={mine} id="my-permits" />
        </section>
      ) : (
        <p class="notice">
          {L(lang, '申請と登録状況の確認にはログインが必要です。', 'Log in to apply and to see your permits.')} <a href={page.href('/login', { next: '/permits' })}>{L(lang, 'ログイン', 'Log in')}</a>
        </p>
      )}
      {list.map((p) => (
        <section class="box" aria-labelledby={`permit-${p.id}`}>
          <h2 id={`permit-${p.id}`}>{pick(lang, p.title, p.titleEn)}</h2>
          {p.description && <p>{pick(lang, p.description, p.descriptionEn)}</p>}
          <PermitFacts page={page} permit={p} />
          <p>
            <a class="button button-primary" href={page.href(`/permits/${p.id}`)}>
              {L(lang, 'この登録を申請する', 'Apply for this permit')}
            </a>
          </p>
        </section>
      ))}
    </Layout>,
  );
}

function PermitFacts({ page, permit }: { page: Page; permit: CompiledPermit }) {
  const { lang } = page;
  const rows: Row[] = [
    [L(lang, '対象', 'Covers'), permit.unlocks.map((u, i) => (i ? [<br />, unlockText(page, u)] : unlockText(page, u)))],
    [L(lang, '有効期間', 'Validity'), validityText(permit, lang)],
    [L(lang, '審査', 'Review'), permit.requiresApproval ? L(lang, '職員が確認して承認します', 'Staff review each application') : L(lang, '申請するとすぐ登録されます', 'Granted when you apply')],
    [L(lang, '申請できる方', 'Who may apply'), permit.holders.map((h) => (h === 'group' ? L(lang, '団体', 'Groups') : L(lang, '個人', 'Individuals'))).join(L(lang, '・', ', '))],
  ];
  return <DetailsTable rows={rows} />;
}

/** The application: a form (the permit's `form`) with 確認, or a single confirmation when it asks nothing. */
function flowOf(page: Page, permit: CompiledPermit): Flow | undefined {
  if (!permit.form) return undefined;
  return { p: page, form: permit.form, mode: 'classic', action: page.href(`/permits/${permit.id}`), hidden: {}, primary: 'toConfirm', backHref: page.href('/permits') };
}

function ApplyLayout({ page, permit, step, children, error, notice }: { page: Page; permit: CompiledPermit; step: 'input' | 'confirm'; children: ComponentChildren; error?: string; notice?: string }) {
  const { lang } = page;
  return (
    <Layout p={page} title={L(lang, `施設利用登録の申請：${permit.title}`, `Apply: ${permit.titleEn}`)} step={step} errorTitle={!!error}>
      {error && (
        <div class="notice notice-error" role="alert">
          <p>{error}</p>
        </div>
      )}
      {notice && (
        <div class="notice" role="status" id="permit-blocked">
          <p>{notice}</p>
        </div>
      )}
      {permit.description && <p>{pick(lang, permit.description, permit.descriptionEn)}</p>}
      <PermitFacts page={page} permit={permit} />
      {children}
    </Layout>
  );
}

function ConfirmForm({ page, permit, inputs, answers }: { page: Page; permit: CompiledPermit; inputs: Inputs; answers?: Answers }) {
  const { lang } = page;
  return (
    <>
      <h2>{L(lang, '申請内容の確認', 'Check your application')}</h2>
      <DetailsTable rows={[[L(lang, '申請者', 'Applicant'), `${page.member!.name ?? ''}（${L(lang, '会員番号', 'member no.')} ${page.member!.memberNo}）`]]}>
        {permit.form && answers && <AnswerRows form={permit.form} answers={answers} lang={lang} />}
      </DetailsTable>
      <form method="post" action={page.href(`/permits/${permit.id}`)} class="form">
        <HiddenInputs values={{ _csrf: page.csrf(), step: 'review' }} />
        <HiddenInputs values={inputs} />
        <div class="actions">
          <button type="submit" name="action" value="confirm" class="button button-primary" id="permit-apply">
            {L(lang, '申請する', 'Apply')}
          </button>
          {permit.form ? (
            <button type="submit" name="action" value="back" class="button button-secondary">
              {L(lang, '戻る', 'Back')}
            </button>
          ) : (
            <a class="button button-secondary" href={page.href('/permits')}>
              {L(lang, '戻る', 'Back')}
            </a>
          )}
        </div>
      </form>
    </>
  );
}

async function applyForm(page: Page, permit: CompiledPermit): Promise<Response> {
  const { lang } = page;
  try {
    // Said before the form is filled in: already applied, held beyond its renewal window, not a holder.
    checkHolder(permit, page.member!);
    await checkCanApply(page.c.get('deps').db, page.slug, permit, page.member!.id, tenantToday(page.published, page.now.getTime()));
  } catch (e) {
    if (!(e instanceof EngineError)) throw e;
    return html(
      page.c,
      <ApplyLayout page={page} permit={permit} step="input" notice={errorText(e, lang)}>
        <p>
          <a href={page.href('/permits')}>{L(lang, '施設利用登録の一覧へ', 'Back to permits')}</a>
        </p>
      </ApplyLayout>,
      409,
    );
  }
  const flow = flowOf(page, permit);
  if (!flow) return html(page.c, <ApplyLayout page={page} permit={permit} step="confirm"><ConfirmForm page={page} permit={permit} inputs={{}} /></ApplyLayout>);
  // Back to the first screen after 確認: what was typed, not an empty form.
  const last = await latestSnapshot<PermitSnapshot>(page.c, scopeOf(page, permit));
  const state = firstScreen(flow, last && last.view !== 'done' ? last.inputs : {});
  if (state.kind !== 'screen') throw new Error('first screen expected');
  return html(page.c, <ApplyLayout page={page} permit={permit} step="input"><FormScreen flow={flow} state={state} /></ApplyLayout>);
}

async function applyPost(page: Page, permit: CompiledPermit, body: Body): Promise<Response> {
  const { lang, c } = page;
  const flow = flowOf(page, permit);
  if (!csrfValid(c, body._csrf)) throw new EngineError('http.bad_request', { reason: L(lang, 'もう一度お試しください（画面の有効期限が切れました）。', 'Please try again (the page expired).') });
  let raw: Record<string, unknown> = {};
  let inputs: Inputs = pickInputs(body);
  if (flow) {
    const o = advance(flow, body);
    if (o.kind === 'exit') return c.redirect(page.href('/permits'), 303);
    if (o.kind === 'screen') {
      const screen = () => html(c, <ApplyLayout page={page} permit={permit} step="input"><FormScreen flow={flow} state={o} /></ApplyLayout>, Object.keys(o.errors).length ? 422 : 200);
      return Object.keys(o.errors).length ? screen() : await redirectTo(page, permit, { view: 'screen', step: o.step, inputs: o.inputs }, screen);
    }
    if (o.kind === 'review') {
      return await redirectTo(page, permit, { view: 'review', inputs: o.inputs }, () => html(c, <ApplyLayout page={page} permit={permit} step="confirm"><ConfirmForm page={page} permit={permit} inputs={o.inputs} answers={o.answers} /></ApplyLayout>));
    }
    raw = o.raw;
    inputs = o.inputs;
  } else if (field(body, 'action') !== 'confirm') {
    return c.redirect(page.href('/permits'), 303);
  }
  const deps = c.get('deps');
  try {
    const view = await committed(deps.db, () =>
      grantOrApply(deps, { published: page.published, permitId: permit.id, member: page.member!, answers: raw, actor: { type: 'member', id: page.member!.id, ip: page.ip }, channel: 'web' }),
    );
    return await redirectTo(page, permit, { view: 'done', permitNo: view.permitNo }, () => html(c, <DonePage page={page} permit={permit} view={view} />, 201));
  } catch (e) {
    if (!(e instanceof EngineError)) throw e;
    if (flow && e.code === 'input.invalid' && e.issues) {
      return html(c, <ApplyLayout page={page} permit={permit} step="input"><FormScreen flow={flow} state={{ step: '', inputs, errors: issuesToErrors(e.issues, lang) }} /></ApplyLayout>, 422);
    }
    return html(
      c,
      <ApplyLayout page={page} permit={permit} step="confirm" error={errorText(e, lang)}>
        <p>
          <a href={page.href('/permits')}>{L(lang, '施設利用登録の一覧へ', 'Back to permits')}</a>
        </p>
      </ApplyLayout>,
      409,
    );
  }
}

// Post/Redirect/Get (engine/http/routes/pages/snapshots.ts): each posted screen is answered with a
// 303 to a GET of it, so back and reload neither lose what was typed nor post the application twice.
type PermitSnapshot = { view: 'screen'; step: string; inputs: Inputs } | { view: 'review'; inputs: Inputs } | { view: 'done'; permitNo: string };

const scopeOf = (page: Page, permit: CompiledPermit) => `permit:${permit.id}:${page.member!.id}`;

async function redirectTo(page: Page, permit: CompiledPermit, snapshot: PermitSnapshot, direct: () => Response): Promise<Response> {
  return await redirectToSnapshot(page.c, page.href(`/permits/${permit.id}`), scopeOf(page, permit), snapshot, direct);
}

async function savedScreen(page: Page, permit: CompiledPermit, saved: PermitSnapshot): Promise<Response> {
  const { c } = page;
  if (saved.view === 'done') {
    const row = await permitByNo(c.get('deps').db, page.slug, saved.permitNo);
    if (!row || row.memberId !== page.member!.id) return c.redirect(page.href('/permits'), 303);
    return html(c, <DonePage page={page} permit={permit} view={permitView(page.published, row, tenantToday(page.published, page.now.getTime()))} />);
  }
  const flow = flowOf(page, permit);
  if (!flow) return c.redirect(page.href(`/permits/${permit.id}`), 303);
  const input = (step: string) => html(c, <ApplyLayout page={page} permit={permit} step="input"><FormScreen flow={flow} state={{ step, inputs: saved.inputs, errors: {} }} /></ApplyLayout>);
  if (saved.view === 'screen') return input(saved.step);
  const result = permit.form!.validate(answersFromInputs(permit.form!.fields, saved.inputs), 'resident');
  if (!result.ok) return input('');
  return html(c, <ApplyLayout page={page} permit={permit} step="confirm"><ConfirmForm page={page} permit={permit} inputs={saved.inputs} answers={result.value} /></ApplyLayout>);
}

function DonePage({ page, permit, view }: { page: Page; permit: CompiledPermit; view: PermitView }) {
  const { lang } = page;
  const granted = view.status === 'approved';
  return (
    <Layout p={page} title={L(lang, granted ? '施設利用登録が完了しました' : '施設利用登録の申請を受け付けました', granted ? 'Permit granted' : 'Application received')} step="done">
      <div class="notice" role="status">
        <p>
          {granted
            ? L(lang, '登録しました。有効期間中は対象の施設・時間帯を予約できます。', 'Your permit is granted: you can book the covered facilities and times while it is valid.')
            : L(lang, '職員が内容を確認します。承認されるとお知らせし、予約できるようになります。', 'Staff will review your application. We will tell you when it is approved; you can then book.')}
        </p>
      </div>
      <DetailsTable
        rows={[
          [L(lang, '登録', 'Permit'), pick(lang, permit.title, permit.titleEn)],
          [L(lang, '登録番号', 'Number'), <strong class="key" id="permit-no">{view.permitNo}</strong>],
          [L(lang, '状態', 'Status'), <strong id="permit-status">{lang === 'en' ? view.statusLabelEn : view.statusLabel}</strong>],
          ...(granted ? ([[L(lang, '有効期間', 'Valid'), periodText(view, lang)]] as Row[]) : []),
        ]}
      />
      <ul class="done-links">
        <li>
          <a href={page.href('/permits')}>{L(lang, '施設利用登録の一覧へ', 'Your permits')}</a>
        </li>
        <li>
          <a href={page.href('/')}>{L(lang, 'トップへ', 'Home')}</a>
        </li>
      </ul>
    </Layout>
  );
}

/** On a service's page and booking form: which permits its places and times need, and where the member stands. */
export async function permitNotices(ctx: { db: Db; published: PublishedTenant; service: { id: string }; memberId?: string; now: number }): Promise<ServiceNoticeLine[]> {
  const { db, published, service, memberId } = ctx;
  const today = tenantToday(published, ctx.now);
  const mine = memberId ? await memberPermits({ db, clock: { now: () => new Date(ctx.now) } }, published, memberId) : [];
  const lines: ServiceNoticeLine[] = [];
  for (const p of published.tenant.list('permit').filter((x) => x.unlocks.some((u) => u.service === service.id))) {
    const covers = p.unlocks.filter((u) => u.service === service.id);
    lines.push({
      text: {
        ja: `施設利用登録「${p.title}」が必要です：${covers.map((u) => unlockWords(published, u, 'ja')).join('、')}`,
        en: `Needs the facility-use permit "${p.titleEn}": ${covers.map((u) => unlockWords(published, u, 'en')).join('; ')}`,
      },
    });
    const held = memberId ? await heldOn(db, published.tenant.slug, memberId, [p.id], today) : undefined;
    const pending = mine.find((m) => m.permit === p.id && m.status === PERMIT.applied);
    if (held) lines.push({ text: { ja: `登録済みです（${dateText(held.validUntil!, 'ja')}まで有効）。`, en: `You hold it (valid until ${dateText(held.validUntil!, 'en')}).` } });
    else if (pending) lines.push({ text: { ja: `申請中です（登録番号 ${pending.permitNo}）。承認されると予約できます。`, en: `Your application ${pending.permitNo} is under review.` } });
    else lines.push({ text: { ja: '', en: '' }, link: { href: `/permits/${p.id}`, label: { ja: `「${p.title}」を申請する`, en: `Apply for "${p.titleEn}"` } } });
  }
  return lines;
}

/** The member's permits among the other applications of 申し込み一覧 (照会). */
export async function permitMemberLinks(ctx: { db: Db; published: PublishedTenant; memberId: string; now: number }) {
  return (await memberPermits({ db: ctx.db, clock: { now: () => new Date(ctx.now) } }, ctx.published, ctx.memberId)).map((r) => ({
    label: { ja: `施設利用登録「${r.title}」（${r.permitNo}）`, en: `Permit "${r.titleEn}" (${r.permitNo})` },
    state: {
      ja: r.status === 'approved' && r.validUntil ? `${r.statusLabel}（${dateText(r.validUntil, 'ja')}まで）` : r.statusLabel,
      en: r.status === 'approved' && r.validUntil ? `${r.statusLabelEn} (until ${dateText(r.validUntil, 'en')})` : r.statusLabelEn,
    },
    href: '/permits',
  }));
}

export const permitPages = kindPages('permits')
  .get('/t/:tenant/permits', (c) => listPage(pageOf(c)))
  .get('/t/:tenant/permits/:id', async (c) => {
    const page = pageOf(c);
    const permit = findPermit(page.published, c.req.param('id'));
    if (!page.membersOn) throw new EngineError('member.features_off');
    if (!page.member) return toLogin(page, `/permits/${permit.id}`);
    const id = c.req.query('s');
    if (id !== undefined) {
      const saved = await loadSnapshot<PermitSnapshot>(c, id);
      // Expired, or opened in another browser or by another member: start again.
      if (!saved || saved.scope !== scopeOf(page, permit)) return c.redirect(page.href(`/permits/${permit.id}`), 303);
      return savedScreen(page, permit, saved.data);
    }
    return applyForm(page, permit);
  })
  .post('/t/:tenant/permits/:id', async (c) => {
    const page = pageOf(c);
    const permit = findPermit(page.published, c.req.param('id'));
    if (!page.membersOn) throw new EngineError('member.features_off');
    if (!page.member) return toLogin(page, `/permits/${permit.id}`);
    return applyPost(page, permit, await readBody(c));
  });
