// 新しいサービスを作る: the guided builder for a new service, in plain Japanese.
// 何を予約しますか → いつ・どこで → 誰が何人まで → 何を聞きますか → お知らせ → 確認 → 公開.
// The answers become blocks (admin/builder/wizard-model.ts), checked by the server's
// loader through the preview route (nothing stored); its issues come back in words
// and are shown at the step they concern. Saving adds the blocks to the draft and
// opens the review page, where publishing happens. Answers survive a reload.
import { useEffect, useState } from 'preact/hooks';
import { api, ApiError, L, lang, type Issue } from '../api';
import { Check, NumberField, ProblemList, problemAt, TextField, TimeField, type Problem } from '../builder/controls';
import { FormDesigner } from '../builder/form-designer';
import { designProblems, fieldTypeJa, newField } from '../builder/form-design';
import { PreviewPanel, type Preview } from '../builder/preview';
import { addDays, describeDesign, scheduleProblems } from '../builder/schedule';
import { isTime, normalizeTime } from '../builder/typed';
import { normalized, WhenStep } from '../builder/wizard-when';
import { commonNoticeEvents, initialState, NOTICE_EVENTS, wizardBlocks, type WizardState } from '../builder/wizard-model';
import '../builder/builder.css';
import { ErrorBox } from '../components/ui';
import { go } from '../router';
import { me } from '../session';

type Block = Record<string, unknown> & { kind: string; id: string };

export const WIZARD_STEPS: [string, string][] = [
  ['何を予約しますか', 'What is booked'],
  ['いつ・どこで', 'When and where'],
  ['誰が何人まで', 'Who and how many'],
  ['何を聞きますか', 'What to ask'],
  ['お知らせ', 'Notices'],
  ['確認', 'Check'],
  ['公開', 'Publish'],
];
const STORE = 'wizard.state';
/** The blocks this wizard put in the draft: going back from the review page replaces them instead of adding twice. */
const ADDED = 'wizard.added';
const PERIODS: [WizardState['period'], string, string][] = [
  ['day', '1日', 'day'],
  ['week', '1週間', 'week'],
  ['month', '1か月', 'month'],
  ['year', '1年', 'year'],
];

/** The step list at the top of the wizard and of its review page. */
export function WizardSteps({ current, onStep }: { current: number; onStep?(i: number): void }) {
  return (
    <nav aria-label={L('手順', 'Steps')}>
      <ol class="wizard-steps">
        {WIZARD_STEPS.map(([ja, en], i) => (
          <li key={ja} aria-current={i === current ? 'step' : undefined} class={i < current ? 'done' : undefined}>
            {onStep && i < current ? (
              <button type="button" class="link-inline" onClick={() => onStep(i)}>
                {i + 1}. {L(ja, en)}
              </button>
            ) : (
              <span>
                {i + 1}. {L(ja, en)}
              </span>
            )}
          </li>
        ))}
      </ol>
    </nav>
  );
}

function restore(today: string): WizardState {
  try {
    const saved = sessionStorage.getItem(STORE);
    if (saved) return { ...initialState(today), ...(JSON.parse(saved) as WizardState) };
  } catch {
    // A broken saved state starts afresh.
  }
  const s = initialState(today);
  // 氏名 first: the tenant's common notices greet residents by it.
  s.fields = [newField('text', '氏名', { maxLength: 50, personal: true })];
  return s;
}

/** Problems the clerk can fix in a step, before the server is asked. */
function stepProblems(step: number, s: WizardState, services: Block[]): Problem[] {
  const out: Problem[] = [];
  const num = (where: string, v: number, name: string, example: string, min = 0) => {
    if (!Number.isFinite(v) || v < min || !Number.isInteger(v)) out.push({ where, ja: `「${name}」は${min}以上の整数で書いてください（例: ${example}）。`, en: `${name}: write a whole number of at least ${min} (e.g. ${example}).` });
  };
  const time = (where: string, v: string, name: string, example: string) => {
    if (!isTime(normalizeTime(v))) out.push({ where, ja: `「${name}」は「${example}」のように書いてください。`, en: `${name}: write it like ${example}.` });
  };
  if (step === 0) {
    if (!s.title.trim()) out.push({ where: 'wz-title', ja: 'サービスの名前を書いてください（例: 健康相談）。', en: 'Write the name of the service (e.g. Health consultation).' });
    else if (services.some((b) => b.title === s.title.trim())) out.push({ where: 'wz-title', ja: `「${s.title.trim()}」という名前のサービスはもうあります。別の名前にしてください（例: ${s.title.trim()}（夜間））。`, en: 'A service with this name exists already.' });
  }
  if (step === 1) {
    if (!s.place.trim()) out.push({ where: 'wz-place', ja: '場所の名前を書いてください（例: 保健センター）。', en: 'Write the name of the place.' });
    const rooms = s.rooms.map((r) => r.trim()).filter(Boolean);
    if (new Set(rooms).size !== rooms.length) out.push({ where: 'wz-room-0', ja: '同じ名前の窓口・部屋が2つあります。名前を変えてください（例: 相談室1、相談室2）。', en: 'Two rooms share a name.' });
    out.push(...scheduleProblems(normalized(s.schedule)).map((p) => ({ ...p, where: `wz-${p.where}` })));
    num('wz-opensDaysBefore', s.opensDaysBefore, '何日前から受け付けますか', '30');
    time('wz-opensAt', s.opensAt, '受付開始の時刻', '09:00');
    if (s.closes === 'dayBefore') time('wz-closesAt', s.closesAt, '前日の締切時刻', '17:00');
    else num('wz-closesHoursBefore', s.closesHoursBefore, '開始の何時間前まで', '3');
    if (s.closes === 'dayBefore' && Number.isFinite(s.opensDaysBefore) && s.opensDaysBefore < 1)
      out.push({ where: 'wz-opensDaysBefore', ja: '前日で締め切るときは、受付開始を2日前以上にしてください（例: 30日前）。', en: 'With a closing the day before, open at least 2 days before.' });
  }
  if (step === 2) {
    num('wz-capacity', s.capacity, '1枠に受け付ける人数', '1', 1);
    if (!s.anonymous && !s.members) out.push({ where: 'wz-anonymous', ja: '申し込める方を1つ以上選んでください（例: 登録しなくても申し込める）。', en: 'Choose who may book.' });
    if (s.limitActive) num('wz-maxActive', s.maxActive, '同時に持てる予約', '1', 1);
    if (s.limitPeriod) num('wz-perPeriod', s.perPeriod, '期間あたりの予約', '2', 1);
    num('wz-changeDeadlineHours', s.changeDeadlineHours, '変更できるのは利用の何時間前まで', '24');
    num('wz-cancelDeadlineHours', s.cancelDeadlineHours, '取消できるのは利用の何時間前まで', '24');
  }
  if (step === 3) out.push(...designProblems(s.fields).map((p) => ({ where: p.key ? `wz-f-${p.key}-${p.where}` : 'wz-fields', ja: p.ja, en: p.en })));
  if (step === 4) {
    for (const n of s.notices.filter((x) => x.on)) {
      const name = NOTICE_EVENTS.find((e) => e.event === n.event)!.ja;
      if (!n.email && !n.line) out.push({ where: `wz-n-${n.event}-email`, ja: `「${name}」の送り方を選んでください（例: メール）。`, en: 'Choose how to send it.' });
      if (!n.subject.trim()) out.push({ where: `wz-n-${n.event}-subject`, ja: `「${name}」の件名を書いてください。`, en: 'Write a subject.' });
      if (!n.body.trim()) out.push({ where: `wz-n-${n.event}-body`, ja: `「${name}」の本文を書いてください。`, en: 'Write a body.' });
      if (n.event === 'booking.reminder') time(`wz-n-${n.event}-at`, n.at, 'リマインドを送る時刻', '09:00');
    }
  }
  return out;
}

/** The state with every typed time read as the engine expects it. */
function cleaned(s: WizardState): WizardState {
  return {
    ...s,
    schedule: normalized(s.schedule),
    opensAt: normalizeTime(s.opensAt),
    closesAt: normalizeTime(s.closesAt),
    notices: s.notices.map((n) => ({ ...n, at: normalizeTime(n.at) })),
  };
}

/** Which step an issue of the generated blocks belongs to. */
function stepOfIssue(block: Block | undefined, rest: string): number {
  if (!block) return 5;
  if (block.kind === 'service') return /^\/(access|changeDeadlineHours|cancelDeadlineHours|quotas)/.test(rest) ? 2 : 0;
  if (block.kind === 'calendar') return /^\/capacity/.test(rest) ? 2 : 1;
  if (block.kind === 'quota') return 2;
  if (block.kind === 'form') return 3;
  return 4;
}

export function WizardPage() {
  const m = me.value!;
  const [s, setS] = useState<WizardState>(() => restore(m.today));
  const [step, setStep] = useState(0);
  const [shown, setShown] = useState<Problem[]>([]);
  const [base, setBase] = useState<{ blocks: Block[]; draft: boolean; again: boolean } | null>(null);
  const [serverIssues, setServerIssues] = useState<{ step: number; text: string; block: string }[]>([]);
  const [preview, setPreview] = useState<Preview | null>(null);
  const [checking, setChecking] = useState(false);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    api<{ draft: boolean; blocks: Block[] }>('GET', '/config?draft=1')
      .then((c) => {
        const mine = new Set((JSON.parse(sessionStorage.getItem(ADDED) ?? '[]') as string[]));
        const blocks = c.blocks.filter((b) => !mine.has(`${b.kind}/${b.id}`));
        setBase({ blocks, draft: c.draft, again: blocks.length !== c.blocks.length });
      })
      .catch(setError);
  }, []);
  useEffect(() => {
    sessionStorage.setItem(STORE, JSON.stringify(s));
  }, [s]);
  useEffect(() => {
    document.getElementById('wizard-step-heading')?.focus();
  }, [step]);

  if (m.role !== 'system-admin') return <ErrorBox error={new Error(L('この画面はシステム管理者のみ利用できます。', 'System administrators only.'))} />;
  if (!base) return error ? <ErrorBox error={error} /> : <p>{L('読み込み中…', 'Loading…')}</p>;

  const services = base.blocks.filter((b) => b.kind === 'service');
  const set = (p: Partial<WizardState>) => {
    setS({ ...s, ...p });
    if (shown.length) setShown(stepProblems(step, { ...s, ...p }, services));
  };
  const generated = () => wizardBlocks(cleaned(s), base.blocks);

  // The server's loader is the judge: compile the tenant with the new blocks, in memory.
  const check = async () => {
    setChecking(true);
    setServerIssues([]);
    setPreview(null);
    const g = generated();
    const blocks = [...base.blocks, ...g.blocks];
    try {
      const r = await api<Preview>('POST', '/preview', { blocks, service: g.ids.service, from: m.today, to: addDays(m.today, 34) });
      setPreview(r);
    } catch (e) {
      if (!(e instanceof ApiError) || e.code !== 'config.invalid') {
        setError(e);
        return;
      }
      setServerIssues(
        e.issues.map((i: Issue) => {
          const n = Number(/^\/blocks\/(\d+)/.exec(i.path)?.[1] ?? -1);
          const rest = i.path.replace(/^\/blocks\/\d+/, '');
          const own = n >= base.blocks.length;
          const b = blocks[n];
          return { step: own ? stepOfIssue(b, rest) : 4, text: i.message, block: own ? '' : String(b?.title ?? b?.id ?? '') };
        }),
      );
    } finally {
      setChecking(false);
    }
  };

  const goTo = (i: number) => {
    setShown([]);
    setError(null);
    setStep(i);
    if (i === 5) void check();
  };
  const next = () => {
    const p = stepProblems(step, s, services);
    setShown(p);
    if (p.length) {
      setTimeout(() => document.querySelector<HTMLElement>('[data-testid="problems"] button')?.focus(), 0);
      return;
    }
    goTo(step + 1);
  };
  const save = async () => {
    setError(null);
    try {
      const g = generated();
      await api('POST', '/config', { blocks: [...base.blocks, ...g.blocks] });
      sessionStorage.setItem(ADDED, JSON.stringify(g.blocks.map((b) => `${b.kind}/${b.id}`)));
      go('publish', undefined, { from: 'wizard', service: g.ids.service });
    } catch (e) {
      setError(e);
    }
  };
  const restart = () => {
    sessionStorage.removeItem(STORE);
    sessionStorage.removeItem(ADDED);
    setS(restore(m.today));
    goTo(0);
  };

  const stepIssues = serverIssues.filter((x) => x.step === step);
  const at = (w: string) => problemAt(shown, w);
  return (
    <section class="wizard">
      <h1>{L('新しいサービスを作る', 'Create a new service')}</h1>
      <WizardSteps current={step} onStep={goTo} />
      {base.again ? (
        <p class="notice">{L('下書きに保存したこのサービスを直しています。保存すると下書きの内容を置き換えます。', 'You are editing the service saved in the draft; saving replaces it.')}</p>
      ) : (
        base.draft && <p class="notice">{L('公開していない下書きがあります。新しいサービスはその下書きに加えます。', 'There is an unpublished draft; the new service is added to it.')}</p>
      )}
      <h2 id="wizard-step-heading" tabIndex={-1}>
        {step + 1}. {L(...WIZARD_STEPS[step]!)}
      </h2>
      <ProblemList problems={shown} />
      {stepIssues.length > 0 && step !== 5 && <ServerIssues issues={stepIssues} />}
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (step < 5) next();
        }}
        noValidate
      >
        {step === 0 && (
          <section class="panel">
            <TextField id="wz-title" label={L('サービスの名前', 'Name of the service')} required value={s.title} onValue={(title) => set({ title })} error={at('wz-title')} placeholder={L('例: 健康相談', 'e.g. Health consultation')} hint={L('利用者の画面の見出しになります。', 'Residents see it as the heading.')} />
            <TextField id="wz-description" multiline label={L('説明（任意）', 'Description (optional)')} value={s.description} onValue={(description) => set({ description })} placeholder={L('例: 保健師が20分ずつご相談をお受けします。', 'e.g. A nurse answers your questions.')} />
            <TextField id="wz-bring" label={L('持ち物（任意）', 'What to bring (optional)')} value={s.bring} onValue={(bring) => set({ bring })} placeholder={L('例: 健康手帳', 'e.g. Health notebook')} hint={L('申込完了の画面に表示します。', 'Shown on the completion page.')} />
          </section>
        )}
        {step === 1 && <WhenStep s={s} set={set} problems={shown} today={m.today} />}
        {step === 2 && (
          <>
            <section class="panel">
              <h3>{L('何人まで', 'How many')}</h3>
              <NumberField id="wz-capacity" label={L('1枠に受け付ける人数（定員）', 'Places per slot')} unit={L('人', 'people')} value={s.capacity} example="1" error={at('wz-capacity')} onValue={(capacity) => set({ capacity })} />
            </section>
            <section class="panel">
              <h3>{L('誰が', 'Who')}</h3>
              <Check id="wz-anonymous" label={L('登録しなくても申し込める（受付番号とアクセスキーで確認）', 'Anyone, without registering')} checked={s.anonymous} onValue={(anonymous) => set({ anonymous })} />
              <Check id="wz-members" label={L('登録した方（ログイン）も申し込める', 'Registered residents (logged in)')} checked={s.members} onValue={(members) => set({ members })} />
              {at('wz-anonymous') && <p class="error-text">{at('wz-anonymous')}</p>}
            </section>
            <section class="panel">
              <h3>{L('お一人の上限', 'Limits per person')}</h3>
              <Check id="wz-limitActive" label={L('同時に持てる予約の数を決める', 'Limit bookings held at once')} checked={s.limitActive} onValue={(limitActive) => set({ limitActive })} />
              {s.limitActive && <NumberField id="wz-maxActive" label={L('お一人が同時に持てる予約', 'Bookings held at once')} unit={L('件まで', 'at most')} value={s.maxActive} example="1" error={at('wz-maxActive')} onValue={(maxActive) => set({ maxActive })} />}
              <Check id="wz-limitPeriod" label={L('期間あたりの予約の数を決める', 'Limit bookings per period')} checked={s.limitPeriod} onValue={(limitPeriod) => set({ limitPeriod })} />
              {s.limitPeriod && (
                <div class="inline">
                  <div class="field">
                    <label for="wz-period">{L('期間', 'Period')}</label>
                    <select id="wz-period" value={s.period} onChange={(e) => set({ period: (e.currentTarget as HTMLSelectElement).value as WizardState['period'] })}>
                      {PERIODS.map(([v, ja, en]) => (
                        <option key={v} value={v}>
                          {L(ja, en)}
                        </option>
                      ))}
                    </select>
                  </div>
                  <NumberField id="wz-perPeriod" label={L('その期間に予約できる数', 'Bookings in that period')} unit={L('件まで', 'at most')} value={s.perPeriod} example="2" error={at('wz-perPeriod')} onValue={(perPeriod) => set({ perPeriod })} />
                </div>
              )}
            </section>
            <section class="panel">
              <h3>{L('変更・取消', 'Changes and cancellations')}</h3>
              <NumberField id="wz-changeDeadlineHours" label={L('利用者が変更できるのは、利用の何時間前まで', 'Residents may change until … hours before')} unit={L('時間前まで', 'hours before')} value={s.changeDeadlineHours} example="24" error={at('wz-changeDeadlineHours')} onValue={(changeDeadlineHours) => set({ changeDeadlineHours })} />
              <NumberField id="wz-cancelDeadlineHours" label={L('利用者が取り消せるのは、利用の何時間前まで', 'Residents may cancel until … hours before')} unit={L('時間前まで', 'hours before')} value={s.cancelDeadlineHours} example="24" error={at('wz-cancelDeadlineHours')} onValue={(cancelDeadlineHours) => set({ cancelDeadlineHours })} hint={L('職員はいつでも変更・取消できます。', 'Staff can always change or cancel.')} />
            </section>
          </>
        )}
        {step === 3 && <FormDesigner fields={s.fields} onChange={(fields) => set({ fields })} problems={shown} />}
        {step === 4 && <NoticeStep s={s} set={set} base={base.blocks} problems={shown} />}
        {step === 5 && <ConfirmStep s={s} checking={checking} issues={serverIssues} preview={preview} onStep={goTo} />}
        {error ? <ErrorBox error={error} /> : null}
        <div class="wizard-nav">
          {step > 0 && (
            <button type="button" onClick={() => goTo(step - 1)}>
              ← {L('戻る', 'Back')}
            </button>
          )}
          {step < 5 && (
            <button type="submit" class="primary">
              {L('次へ', 'Next')} →
            </button>
          )}
          {step === 5 && (
            <button type="button" class="primary" disabled={checking || serverIssues.length > 0 || !preview} onClick={save}>
              {L('下書きに保存して、公開前の確認へ', 'Save as draft and review before publishing')} →
            </button>
          )}
          <button type="button" class="link-inline" onClick={restart}>
            {L('最初からやり直す', 'Start again')}
          </button>
        </div>
      </form>
    </section>
  );
}

function ServerIssues({ issues }: { issues: { text: string; block: string }[] }) {
  return (
    <div class="error" role="alert" data-testid="server-issues">
      <p>{L('このままでは公開できません。次の点を直してください。', 'This cannot be published yet. Please fix:')}</p>
      <ul>
        {issues.map((x, i) => (
          <li key={i}>
            {x.block && L(`既存の設定「${x.block}」と合いません: `, `Conflicts with "${x.block}": `)}
            {x.text}
          </li>
        ))}
      </ul>
    </div>
  );
}

function NoticeStep({ s, set, base, problems }: { s: WizardState; set(p: Partial<WizardState>): void; base: Block[]; problems: Problem[] }) {
  const common = commonNoticeEvents(base);
  const hasEmail = s.fields.some((f) => f.type === 'email');
  const setN = (i: number, p: Partial<WizardState['notices'][number]>) => set({ notices: s.notices.map((n, j) => (j === i ? { ...n, ...p } : n)) });
  return (
    <section class="panel notices">
      <p>{L('予約した方に、メールまたはLINEでお知らせします。', 'Residents are told by email or LINE.')}</p>
      {!hasEmail && <p class="notice">{L('質問に「メールアドレス」がないため、メールは登録した方（ログイン）にだけ届きます。登録しない方にも送るときは、「何を聞きますか」でメールアドレスを追加してください。', 'The form asks no email address, so only registered residents get email.')}</p>}
      {s.notices.map((n, i) => {
        const ev = NOTICE_EVENTS.find((e) => e.event === n.event)!;
        const by = common.find((c) => c.event === n.event);
        const id = `wz-n-${n.event}`;
        return (
          <fieldset key={n.event} class="notice-item">
            <legend>{L(ev.ja, ev.en)}</legend>
            {by && !n.on ? (
              <p>
                ✓ {L(`共通のお知らせ「${by.title}」で送られます。`, `Sent by the common notices "${by.title}".`)}
              </p>
            ) : null}
            <Check id={`${id}-on`} label={by ? L('このサービスだけのお知らせも送る', 'Also send one of its own') : L('このお知らせを送る', 'Send this notice')} checked={n.on} onValue={(on) => setN(i, { on })} />
            {n.on && (
              <>
                <div class="inline" role="group" aria-label={L('送り方', 'Channels')}>
                  <Check id={`${id}-email`} label={L('メール', 'Email')} checked={n.email} onValue={(email) => setN(i, { email })} />
                  <Check id={`${id}-line`} label="LINE" checked={n.line} onValue={(line) => setN(i, { line })} />
                </div>
                {problemAt(problems, `${id}-email`) && <p class="error-text">{problemAt(problems, `${id}-email`)}</p>}
                {n.event === 'booking.reminder' && (
                  <div class="inline">
                    <NumberField id={`${id}-days`} inline label={L('利用日の', 'Days before')} unit={L('日前の', 'days before, at')} value={n.daysBefore} example="1" onValue={(daysBefore) => setN(i, { daysBefore })} />
                    <TimeField id={`${id}-at`} label={L('送る時刻', 'At')} value={n.at} onValue={(at) => setN(i, { at })} error={problemAt(problems, `${id}-at`)} />
                  </div>
                )}
                <TextField id={`${id}-subject`} label={L('件名', 'Subject')} value={n.subject} onValue={(subject) => setN(i, { subject })} error={problemAt(problems, `${id}-subject`)} />
                <TextField id={`${id}-body`} multiline label={L('本文', 'Body')} value={n.body} onValue={(body) => setN(i, { body })} error={problemAt(problems, `${id}-body`)} hint={L('{{booking.datetime}} などの部分には、予約ごとの日時・受付番号などが入ります。そのまま残してください。', 'Parts like {{booking.datetime}} are filled in for each booking; keep them.')} />
              </>
            )}
          </fieldset>
        );
      })}
    </section>
  );
}

function ConfirmStep({ s, checking, issues, preview, onStep }: { s: WizardState; checking: boolean; issues: { step: number; text: string; block: string }[]; preview: Preview | null; onStep(i: number): void }) {
  const c = cleaned(s);
  const rows: [number, string, string][] = [
    [0, L('サービスの名前', 'Name'), c.title],
    [1, L('場所', 'Place'), [c.place, ...c.rooms.filter((r) => r.trim())].filter(Boolean).join(' ／ ')],
    [1, L('受け付ける日と時間', 'Days and hours'), `${describeDesign(c.schedule)}${c.holidaysClosed ? L('（祝日は休み）', ' (closed on holidays)') : ''}`],
    [1, L('1回の長さ', 'Slot'), L(`${c.slotMinutes}分`, `${c.slotMinutes} min`)],
    [1, L('受付期間', 'Window'), L(`利用日の${c.opensDaysBefore}日前の${c.opensAt}から、${c.closes === 'dayBefore' ? `前日の${c.closesAt}まで` : `開始の${c.closesHoursBefore}時間前まで`}`, `From ${c.opensDaysBefore} days before at ${c.opensAt}`)],
    [2, L('定員', 'Places'), L(`1枠に${c.capacity}人`, `${c.capacity} per slot`)],
    [2, L('申し込める方', 'Who'), [c.anonymous ? L('登録しなくても申し込める', 'anyone') : '', c.members ? L('登録した方', 'registered') : ''].filter(Boolean).join('、')],
    [2, L('お一人の上限', 'Limits'), [c.limitActive ? L(`同時に${c.maxActive}件まで`, `${c.maxActive} at once`) : '', c.limitPeriod ? L(`${PERIODS.find((p) => p[0] === c.period)![1]}に${c.perPeriod}件まで`, `${c.perPeriod} per ${c.period}`) : ''].filter(Boolean).join('、') || L('なし', 'none')],
    [2, L('変更・取消', 'Changes'), L(`変更は${c.changeDeadlineHours}時間前まで、取消は${c.cancelDeadlineHours}時間前まで`, `change until ${c.changeDeadlineHours} h, cancel until ${c.cancelDeadlineHours} h before`)],
    [3, L('質問', 'Questions'), c.fields.map((f) => `${f.label}（${fieldTypeJa(f.type)}${f.required ? '・必須' : ''}）`).join('、')],
    [4, L('このサービスだけのお知らせ', 'Own notices'), c.notices.filter((n) => n.on).map((n) => NOTICE_EVENTS.find((e) => e.event === n.event)!.ja).join('、') || L('なし（共通のお知らせのみ）', 'none')],
  ];
  return (
    <div class="confirm">
      <table class="kv" data-testid="wizard-summary">
        <tbody>
          {rows.map(([st, k, v]) => (
            <tr key={k}>
              <th scope="row">{k}</th>
              <td>{v}</td>
              <td>
                <button type="button" class="link-inline" onClick={() => onStep(st)} aria-label={L(`${k}を直す`, `Edit ${k}`)}>
                  {L('直す', 'Edit')}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {checking && <p role="status">{L('設定を確かめています…', 'Checking…')}</p>}
      {issues.length > 0 && (
        <div class="error" role="alert" data-testid="server-issues">
          <p>{L('このままでは公開できません。次の点を直してください。', 'This cannot be published yet. Please fix:')}</p>
          <ul>
            {issues.map((x, i) => (
              <li key={i}>
                {x.block && L(`既存の設定「${x.block}」と合いません: `, `Conflicts with "${x.block}": `)}
                {x.text}{' '}
                <button type="button" class="link-inline" onClick={() => onStep(x.step)}>
                  {L(`「${WIZARD_STEPS[x.step]![0]}」で直す`, `Fix in "${WIZARD_STEPS[x.step]![1]}"`)}
                </button>
              </li>
            ))}
          </ul>
        </div>
      )}
      {preview && (
        <section class="panel" data-testid="preview">
          <p class="ok" role="status">
            {L('設定に問題はありません。利用者にはこう見えます（まだ公開されていません）。', 'No problems found. Residents will see this (not published yet).')}
          </p>
          <PreviewPanel p={preview} days={6} />
        </section>
      )}
    </div>
  );
}
