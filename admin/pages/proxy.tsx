// 代理予約 (seed 004, booking from a phone call): find the member by 会員番号 or a
// keyword (name, phone with or without hyphens) or book without one, pick the
// slot, fill in the staff version of the form, confirm, book.
import { useEffect, useState } from 'preact/hooks';
import { api, ApiError, L, qs, type Issue } from '../api';
import { answerLabel, missingAnswers, shownFields, StaffForm, type Answers, type FormFieldDef } from '../components/form-fields';
import { SlotPicker, type SlotChoice } from '../components/slot-picker';
import { addDays, ErrorBox, Field, isoLocal, phoneText } from '../components/ui';
import { href, route } from '../router';
import { me } from '../session';

export interface MemberRow {
  id: string;
  memberNo: string;
  name: string | null;
  nameKana: string | null;
  phone: string | null;
  email: string | null;
  status: string;
  accountType: string;
}
interface ServiceDef {
  id: string;
  title: string;
  access: { anonymous: boolean; members: boolean };
  resources: { id: string; title: string }[];
  form: { fields: FormFieldDef[] };
}
type Step = 'member' | 'slot' | 'form' | 'confirm' | 'done';

export function MemberFinder({ onPick }: { onPick: (m: MemberRow) => void }) {
  const [memberNo, setMemberNo] = useState('');
  const [keyword, setKeyword] = useState('');
  const [rows, setRows] = useState<MemberRow[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const find = async (e: Event) => {
    e.preventDefault();
    try {
      setRows((await api<{ rows: MemberRow[] }>('GET', `/members${qs({ memberNo, q: keyword })}`)).rows);
      setError(null);
    } catch (err) {
      setError(err);
    }
  };
  return (
    <div>
      <form class="row" onSubmit={find}>
        <Field id="m-no" label={L('会員番号', 'Member no.')}>
          <input id="m-no" value={memberNo} onInput={(e) => setMemberNo((e.target as HTMLInputElement).value)} />
        </Field>
        <Field id="m-kw" label={L('キーワード（氏名・電話番号）', 'Keyword (name, phone)')} hint={L('電話番号はハイフンあり・なしどちらでも', 'Phone with or without hyphens')}>
          <input id="m-kw" value={keyword} onInput={(e) => setKeyword((e.target as HTMLInputElement).value)} />
        </Field>
        <button type="submit" class="primary">
          {L('会員を検索', 'Find member')}
        </button>
      </form>
      <ErrorBox error={error} />
      {rows && rows.length === 0 && <p>{L('該当する会員はいません。', 'No member found.')}</p>}
      {rows && rows.length > 0 && (
        <table class="list" data-testid="member-results">
          <thead>
            <tr>
              <th>{L('会員番号', 'No.')}</th>
              <th>{L('氏名', 'Name')}</th>
              <th>{L('電話番号', 'Phone')}</th>
              <th>{L('会員種別', 'Type')}</th>
              <th>{L('状態', 'Status')}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {rows.map((m) => (
              <tr key={m.id}>
                <td>{m.memberNo}</td>
                <td>{m.name}</td>
                <td>{phoneText(m.phone)}</td>
                <td>{m.accountType}</td>
                <td>{m.status === 'active' ? L('利用中', 'Active') : L('利用停止', 'Suspended')}</td>
                <td>
                  <button type="button" onClick={() => onPick(m)} disabled={m.status !== 'active'}>
                    {L('この会員を選択', 'Choose')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

/** Fills the answers a member record already knows (name, phone, email). */
function prefill(fields: FormFieldDef[], m: MemberRow | null): Answers {
  const a: Answers = {};
  if (!m) return a;
  for (const f of fields) {
    if (f.type === 'text' && f.id === 'name' && m.name) a[f.id] = m.name;
    if (f.type === 'furigana' && m.nameKana) a[f.id] = m.nameKana;
    if (f.type === 'phone' && m.phone) a[f.id] = m.phone;
    if (f.type === 'email' && m.email) a[f.id] = m.email;
  }
  return a;
}

export function ProxyPage() {
  const mine = me.value!;
  const q = route.value.query;
  const [step, setStep] = useState<Step>(q.member ? 'slot' : 'member');
  const [member, setMember] = useState<MemberRow | null>(null);
  const [services, setServices] = useState<ServiceDef[]>([]);
  const [serviceId, setServiceId] = useState(q.service ?? '');
  const [date, setDate] = useState(q.start?.slice(0, 10) ?? addDays(mine.today, 1));
  const [slot, setSlot] = useState<SlotChoice | undefined>(q.start && q.resource ? { resource: q.resource, start: q.start } : undefined);
  const [override, setOverride] = useState(false);
  const [answers, setAnswers] = useState<Answers>({});
  const [error, setError] = useState<unknown>(null);
  const [missing, setMissing] = useState<Issue[]>([]);
  const [result, setResult] = useState<{ receiptNo: string; accessKey?: string; start: string } | null>(null);
  useEffect(() => {
    void api<{ services: ServiceDef[] }>('GET', '/services').then((r) => {
      setServices(r.services);
      if (!serviceId && r.services[0]) setServiceId(r.services[0].id);
    });
    if (q.member) void api<MemberRow>('GET', `/members/${encodeURIComponent(q.member)}`).then(setMember);
  }, []);
  const service = services.find((s) => s.id === serviceId);
  const issues: Issue[] = error instanceof ApiError ? error.issues : [];
  const choose = (m: MemberRow | null) => {
    setMember(m);
    setStep('slot');
  };
  const toForm = () => {
    if (!service) return;
    setAnswers({ ...prefill(service.form.fields, member), ...answers });
    setStep('form');
  };
  const book = async () => {
    setError(null);
    try {
      const r = await api<{ receiptNo: string; accessKey?: string; start: string }>(
        'POST',
        '/bookings',
        { service: serviceId, ...slot, answers, ...(member ? { memberId: member.id } : {}), ...(override ? { overrideCapacity: true } : {}) },
        { 'idempotency-key': `proxy-${serviceId}-${slot?.start}-${Math.random().toString(36).slice(2)}` },
      );
      setResult(r);
      setStep('done');
    } catch (e) {
      setError(e);
      if (e instanceof ApiError && e.issues.some((i) => i.path.startsWith('/answers'))) setStep('form');
    }
  };
  return (
    <section>
      <h1>{L('代理予約', 'Book for a caller')}</h1>
      <ol class="steps">
        {(['member', 'slot', 'form', 'confirm', 'done'] as Step[]).map((s, i) => (
          <li key={s} aria-current={s === step ? 'step' : undefined}>
            {i + 1}. {[L('会員検索', 'Member'), L('日時', 'Slot'), L('入力', 'Form'), L('確認', 'Confirm'), L('完了', 'Done')][i]}
          </li>
        ))}
      </ol>
      {step !== 'member' && step !== 'done' && (
        <p class="who-for" data-testid="booking-for">
          {member ? L(`会員 ${member.memberNo} ${member.name ?? ''} 様の予約`, `For member ${member.memberNo} ${member.name ?? ''}`) : L('会員以外（匿名）の予約', 'Anonymous booking')}
        </p>
      )}
      {step === 'member' && (
        <div class="panel">
          <MemberFinder onPick={choose} />
          <button type="button" onClick={() => choose(null)}>
            {L('会員以外で予約（匿名）', 'Book without a member (anonymous)')}
          </button>
        </div>
      )}
      {step === 'slot' && (
        <div class="panel">
          <label>
            {L('サービス', 'Service')}{' '}
            <select value={serviceId} onChange={(e) => (setServiceId((e.target as HTMLSelectElement).value), setSlot(undefined))}>
              {services.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.title}
                </option>
              ))}
            </select>
          </label>
          {service && <SlotPicker service={service.id} resources={service.resources} date={date} onDate={setDate} value={slot} onPick={setSlot} allowFull={override} />}
          {mine.can.overrideCapacity && (
            <label class="choice warn">
              <input type="checkbox" checked={override} onChange={(e) => setOverride((e.target as HTMLInputElement).checked)} />
              {L('定員を超えて予約する（記録されます）', 'Exceed capacity (recorded)')}
            </label>
          )}
          <div class="actions">
            <button type="button" onClick={() => setStep('member')}>
              {L('戻る', 'Back')}
            </button>
            <button type="button" class="primary" disabled={!slot} onClick={toForm}>
              {L('次へ', 'Next')}
            </button>
          </div>
        </div>
      )}
      {step === 'form' && service && (
        <form
          class="panel"
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            // Staff cannot confirm a form with required answers missing.
            const miss = missingAnswers(service.form.fields, answers);
            setMissing(miss);
            if (miss.length === 0) setStep('confirm');
          }}
        >
          <p>
            {service.title} / {service.resources.find((r) => r.id === slot?.resource)?.title} / {slot && isoLocal(slot.start)}
          </p>
          {missing.length > 0 && (
            <div class="error" role="alert" data-testid="missing">
              <p>{L('入力されていない項目があります。', 'Some required answers are missing.')}</p>
              <ul>
                {missing.map((i) => (
                  <li key={i.path}>
                    {/* A button, not #ans-… : the console routes by the hash. */}
                    <button type="button" class="link" onClick={() => document.getElementById(`ans-${i.path.slice('/answers/'.length)}`)?.focus()}>
                      {i.message}
                    </button>
                  </li>
                ))}
              </ul>
            </div>
          )}
          <StaffForm fields={service.form.fields} answers={answers} onChange={setAnswers} issues={[...issues, ...missing]} />
          <ErrorBox error={error} />
          <div class="actions">
            <button type="button" onClick={() => setStep('slot')}>
              {L('戻る', 'Back')}
            </button>
            <button type="submit" class="primary">
              {L('確認へ', 'Review')}
            </button>
          </div>
        </form>
      )}
      {step === 'confirm' && service && slot && (
        <div class="panel">
          <h2>{L('予約内容の確認', 'Review')}</h2>
          <table class="kv" data-testid="confirm">
            <tbody>
              <tr><th>{L('サービス', 'Service')}</th><td>{service.title}</td></tr>
              <tr><th>{L('場所', 'Place')}</th><td>{service.resources.find((r) => r.id === slot.resource)?.title}</td></tr>
              <tr><th>{L('日時', 'When')}</th><td>{isoLocal(slot.start)}</td></tr>
              {override && <tr><th>{L('定員超過', 'Over capacity')}</th><td>{L('定員を超えて予約します', 'Yes')}</td></tr>}
              {shownFields(service.form.fields, answers).map(({ field: f }) => (
                <tr key={f.id}><th>{L(f.label, f.labelEn ?? f.label)}</th><td>{answerLabel(f, answers[f.id])}</td></tr>
              ))}
            </tbody>
          </table>
          <ErrorBox error={error} />
          <div class="actions">
            <button type="button" onClick={() => setStep('form')}>
              {L('戻る', 'Back')}
            </button>
            <button type="button" class="primary" onClick={book}>
              {L('予約する', 'Book')}
            </button>
          </div>
        </div>
      )}
      {step === 'done' && result && (
        <div class="panel done" data-testid="proxy-done">
          <h2>{L('予約を登録しました', 'Booked')}</h2>
          <p class="receipt">
            {L('受付番号', 'Receipt no.')} <strong data-testid="receipt-no">{result.receiptNo}</strong>
          </p>
          {result.accessKey && (
            <p class="receipt">
              {L('アクセスキー（この画面でのみ表示。お客様にお伝えください）', 'Access key (shown once; tell the caller)')} <strong>{result.accessKey}</strong>
            </p>
          )}
          <a class="button" href={href('booking', result.receiptNo)}>
            {L('予約の詳細へ', 'Open booking')}
          </a>
        </div>
      )}
    </section>
  );
}
