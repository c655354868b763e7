// 抽選: the lotteries (each monthly cycle its own) with state and seed hash; for one
// lottery its entries, 抽選入力 (a paper application), withdrawal and 当選確定 on a
// resident's behalf, the draw once the window has closed, and CSV like the ledger.
import { useEffect, useState } from 'preact/hooks';
import { api, ApiError, download, L, lang, tenant, type Issue } from '../api';
import { StaffForm, type Answers, type FormFieldDef } from '../components/form-fields';
import { ErrorBox, Field, isoLocal } from '../components/ui';
import { href, route } from '../router';
import { statusLabel, isBookingStatus } from '../../engine/booking/status';

// An entry's own state (the lottery's, not a booking status).
const ENTRY_APPLIED = 'applied';

interface LotteryRow {
  id: string;
  title: string;
  service: string;
  slots: { from: string; to: string };
  applicationWindow: { opens: string; closes: string };
  drawAt: string;
  maxChoices: number;
  seedHash: string | null;
  status: 'upcoming' | 'open' | 'closed' | 'drawn';
  counts: { applied: number; won: number; lost: number; withdrawn: number };
  onlineWithdrawal: boolean;
  utcOffset: string;
  resources: { id: string; title: string; titleEn: string }[];
}
interface EntryRow {
  entryNo: number;
  status: 'applied' | 'won' | 'lost' | 'withdrawn';
  tier: string | null;
  choices: { resource: string; start: string }[];
  wonChoice: number | null;
  channel: string;
  createdAt: string;
  answers: Record<string, unknown>;
  receiptNo: string | null;
  bookingStatus: string | null;
  confirmable: boolean;
}
interface ServiceDef {
  id: string;
  title: string;
  form: { fields: FormFieldDef[] };
}

const STATUS: Record<LotteryRow['status'], [string, string]> = {
  upcoming: ['受付前', 'Not open yet'],
  open: ['申込受付中', 'Taking entries'],
  closed: ['受付終了（抽選前）', 'Closed, not drawn'],
  drawn: ['抽選済み', 'Drawn'],
};
const ENTRY: Record<EntryRow['status'], [string, string]> = { applied: ['申込中', 'Applied'], won: ['当選', 'Won'], lost: ['落選', 'Lost'], withdrawn: ['取下げ', 'Withdrawn'] };
const CHANNEL: Record<string, [string, string]> = { web: ['インターネット', 'Web'], api: ['インターネット', 'Web'], staff: ['窓口（抽選入力）', 'Desk (paper)'] };
const words = (t: Record<string, [string, string]>, k: string) => L(...(t[k] ?? [k, k]));

export function LotteriesPage() {
  const id = route.value.arg;
  const [rows, setRows] = useState<LotteryRow[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const load = () =>
    api<{ lotteries: LotteryRow[] }>('GET', '/lotteries')
      .then((r) => (setRows(r.lotteries), setError(null)))
      .catch(setError);
  useEffect(() => void load(), []);
  const current = id ? rows?.find((r) => r.id === id) : undefined;
  if (id) {
    return (
      <section>
        <p>
          <a href={href('lotteries')}>{L('← 抽選の一覧', '← All lotteries')}</a>
        </p>
        <ErrorBox error={error} />
        {rows && !current && <p>{L('この抽選は見つかりません。', 'Lottery not found.')}</p>}
        {current && <LotteryDetail l={current} reload={load} />}
      </section>
    );
  }
  return (
    <section>
      <h1>{L('抽選', 'Lotteries')}</h1>
      <ErrorBox error={error} />
      {rows && rows.length === 0 && <p>{L('担当するサービスに抽選はありません。', 'No lottery for the services you handle.')}</p>}
      {rows && rows.length > 0 && (
        <table class="list" data-testid="lottery-rows">
          <thead>
            <tr>
              <th>{L('抽選', 'Lottery')}</th>
              <th>{L('対象の利用日', 'Slots')}</th>
              <th>{L('申込期間', 'Window')}</th>
              <th>{L('抽選日時', 'Draw')}</th>
              <th>{L('状態', 'Status')}</th>
              <th>{L('申込（申込中・当選・落選・取下げ）', 'Entries (applied, won, lost, withdrawn)')}</th>
              <th>{L('シードのハッシュ値', 'Seed hash')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((l) => (
              <tr key={l.id}>
                <td>
                  <a href={href('lotteries', l.id)}>{l.title}</a>
                </td>
                <td>
                  {l.slots.from}〜{l.slots.to}
                </td>
                <td>
                  {isoLocal(l.applicationWindow.opens)}〜{isoLocal(l.applicationWindow.closes)}
                </td>
                <td>{isoLocal(l.drawAt)}</td>
                <td>{words(STATUS, l.status)}</td>
                <td>
                  {l.counts.applied}・{l.counts.won}・{l.counts.lost}・{l.counts.withdrawn}
                </td>
                <td>{l.seedHash ? <code title={l.seedHash}>{`${l.seedHash.slice(0, 12)}…`}</code> : L('（受付開始時に公開）', '(published when the window opens)')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function choiceText(l: LotteryRow, c: { resource: string; start: string }) {
  const r = l.resources.find((x) => x.id === c.resource);
  return `${r ? L(r.title, r.titleEn) : c.resource} ${isoLocal(c.start)}`;
}

function LotteryDetail({ l, reload }: { l: LotteryRow; reload: () => Promise<unknown> }) {
  const [entries, setEntries] = useState<EntryRow[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState('');
  const [asking, setAsking] = useState(false);
  const base = `/lotteries/${encodeURIComponent(l.id)}`;
  const load = () =>
    api<{ entries: EntryRow[] }>('GET', `${base}/entries`)
      .then((r) => setEntries(r.entries))
      .catch(setError);
  useEffect(() => void load(), [l.id]);
  const act = async (run: () => Promise<unknown>, message: string) => {
    try {
      await run();
      setDone(message);
      setError(null);
      await Promise.all([load(), reload()]);
    } catch (e) {
      setError(e);
    }
  };
  const draw = () => act(() => api('POST', `${base}/draw`), L('抽選を実行しました。', 'The draw has run.')).then(() => setAsking(false));
  const withdraw = (no: number) => act(() => api('POST', `${base}/entries/${no}/withdraw`), L(`申込番号 ${no} を取り下げました。`, `Entry ${no} withdrawn.`));
  const confirm = (no: number) => act(() => api('POST', `${base}/entries/${no}/confirm`), L(`申込番号 ${no} の当選を確定しました。`, `Entry ${no}: win confirmed.`));
  const csv = (encoding: string) => download(`${base}/entries.csv?encoding=${encoding}`).catch(setError);
  return (
    <>
      <h1>{l.title}</h1>
      <table class="kv" data-testid="lottery-facts">
        <tbody>
          <tr>
            <th>{L('状態', 'Status')}</th>
            <td data-testid="lottery-status">{words(STATUS, l.status)}</td>
          </tr>
          <tr>
            <th>{L('対象の利用日', 'Slots')}</th>
            <td>
              {l.slots.from}〜{l.slots.to}
            </td>
          </tr>
          <tr>
            <th>{L('申込期間', 'Window')}</th>
            <td>
              {isoLocal(l.applicationWindow.opens)}〜{isoLocal(l.applicationWindow.closes)}
            </td>
          </tr>
          <tr>
            <th>{L('抽選日時', 'Draw')}</th>
            <td>{isoLocal(l.drawAt)}</td>
          </tr>
          <tr>
            <th>{L('シードのハッシュ値', 'Seed hash')}</th>
            <td>
              <code>{l.seedHash ?? L('（受付開始時に公開）', '(published when the window opens)')}</code>
            </td>
          </tr>
        </tbody>
      </table>
      <div class="actions">
        {l.status === 'closed' && !asking && (
          <button type="button" class="primary" onClick={() => setAsking(true)}>
            {L('抽選を実行', 'Run the draw')}
          </button>
        )}
        {asking && (
          <span class="inline" role="group" aria-label={L('抽選の実行の確認', 'Confirm the draw')}>
            {L('抽選は一度だけ実行され、やり直せません。', 'The draw runs once and cannot be redone.')}
            <button type="button" class="primary" onClick={draw} data-testid="draw-confirm">
              {L('実行する', 'Run it')}
            </button>
            <button type="button" onClick={() => setAsking(false)}>
              {L('やめる', 'Cancel')}
            </button>
          </span>
        )}
        {l.status === 'drawn' && (
          <a class="button" href={`/t/${tenant}/lottery/${encodeURIComponent(l.id)}/result`} target="_blank" rel="noopener">
            {L('公開している抽選結果', 'Published result')}
          </a>
        )}
        <span class="export">
          {L('申込と結果のCSV', 'Entries and results CSV')}
          <button type="button" onClick={() => void csv('utf8-bom')}>
            UTF-8
          </button>
          <button type="button" onClick={() => void csv('cp932')}>
            {L('Shift_JIS（Excel用）', 'Shift_JIS (Excel)')}
          </button>
        </span>
      </div>
      <ErrorBox error={error} />
      {done && (
        <p class="ok" role="status">
          {done}
        </p>
      )}
      <h2>{L('申込一覧', 'Entries')}</h2>
      {entries && entries.length === 0 && <p>{L('申込みはまだありません。', 'No entries yet.')}</p>}
      {entries && entries.length > 0 && (
        <div class="results">
          <div class="scroll">
            <table class="list" data-testid="entry-rows">
              <thead>
                <tr>
                  <th>{L('申込番号', 'Entry')}</th>
                  <th>{L('状態', 'Status')}</th>
                  <th>{L('申込者', 'Applicant')}</th>
                  <th>{L('優先', 'Tier')}</th>
                  <th>{L('希望（順）', 'Choices (ranked)')}</th>
                  <th>{L('当選した希望', 'Won')}</th>
                  <th>{L('予約', 'Booking')}</th>
                  <th>{L('受付経路', 'Channel')}</th>
                  <th>{L('申込日時', 'Entered')}</th>
                  <th>{L('操作', 'Actions')}</th>
                </tr>
              </thead>
              <tbody>
                {entries.map((e) => (
                  <tr key={e.entryNo} class={e.status === 'withdrawn' ? 'cancelled' : undefined}>
                    <td>{e.entryNo}</td>
                    <td>{words(ENTRY, e.status)}</td>
                    <td>{typeof e.answers.name === 'string' ? e.answers.name : ''}</td>
                    <td>{e.tier ?? ''}</td>
                    <td>
                      <ol>
                        {e.choices.map((c) => (
                          <li>{choiceText(l, c)}</li>
                        ))}
                      </ol>
                    </td>
                    <td>{e.wonChoice === null ? '' : L(`第${e.wonChoice + 1}希望`, `Choice ${e.wonChoice + 1}`)}</td>
                    <td>
                      {e.receiptNo && <a href={href('booking', e.receiptNo)}>{e.receiptNo}</a>} {e.bookingStatus && isBookingStatus(e.bookingStatus) ? statusLabel(e.bookingStatus, lang.value, 'short') : ''}
                    </td>
                    <td>{words(CHANNEL, e.channel)}</td>
                    <td>{isoLocal(e.createdAt)}</td>
                    <td>
                      {e.status === ENTRY_APPLIED && l.status !== 'drawn' && (
                        <button type="button" onClick={() => void withdraw(e.entryNo)} aria-label={L(`申込番号 ${e.entryNo} を取り下げ`, `Withdraw entry ${e.entryNo}`)}>
                          {L('取下げ', 'Withdraw')}
                        </button>
                      )}
                      {e.confirmable && (
                        <button type="button" class="primary" onClick={() => void confirm(e.entryNo)} aria-label={L(`申込番号 ${e.entryNo} の当選を確定`, `Confirm the win of entry ${e.entryNo}`)}>
                          {L('当選確定', 'Confirm win')}
                        </button>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </div>
      )}
      {(l.status === 'open' || l.status === 'closed') && <PaperEntry l={l} onDone={(no, key) => act(async () => undefined, L(`抽選申込番号 ${no} を受け付けました。${key ? `確認キー ${key} を申込者にお伝えください。` : ''}`, `Entry ${no} received.${key ? ` Give the applicant the access key ${key}.` : ''}`))} />}
    </>
  );
}

/** 抽選入力: a paper application typed in by staff (until the draw). */
function PaperEntry({ l, onDone }: { l: LotteryRow; onDone: (entryNo: number, accessKey?: string) => void }) {
  const [service, setService] = useState<ServiceDef | undefined>();
  const [choices, setChoices] = useState(Array.from({ length: l.maxChoices }, () => ({ date: '', time: '', resource: '' })));
  const [answers, setAnswers] = useState<Answers>({});
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    void api<{ services: ServiceDef[] }>('GET', '/services').then((r) => setService(r.services.find((s) => s.id === l.service)));
  }, [l.service]);
  const issues: Issue[] = error instanceof ApiError ? error.issues : [];
  const submit = async (ev: Event) => {
    ev.preventDefault();
    const picked = choices.filter((c) => c.date && c.time && c.resource).map((c) => ({ resource: c.resource, start: `${c.date}T${c.time}:00${l.utcOffset}` }));
    try {
      const r = await api<{ entryNo: number; accessKey?: string }>('POST', `/lotteries/${encodeURIComponent(l.id)}/entries`, { choices: picked, answers });
      setError(null);
      setAnswers({});
      setChoices(choices.map(() => ({ date: '', time: '', resource: '' })));
      onDone(r.entryNo, r.accessKey);
    } catch (e) {
      setError(e);
    }
  };
  const set = (i: number, k: 'date' | 'time' | 'resource', v: string) => setChoices(choices.map((c, j) => (j === i ? { ...c, [k]: v } : c)));
  return (
    <form class="panel staff-form" onSubmit={submit} data-testid="paper-entry">
      <h2>{L('抽選入力（紙の申込書）', 'Paper entry')}</h2>
      {choices.map((c, i) => (
        <fieldset class="panel" key={i}>
          <legend>{L(`第${i + 1}希望`, `Choice ${i + 1}`)}</legend>
          <div class="row">
            <Field id={`pe-date-${i}`} label={L('利用日', 'Date')}>
              <input id={`pe-date-${i}`} type="date" min={l.slots.from} max={l.slots.to} value={c.date} onInput={(e) => set(i, 'date', (e.target as HTMLInputElement).value)} />
            </Field>
            <Field id={`pe-time-${i}`} label={L('開始時刻', 'Start')}>
              <input id={`pe-time-${i}`} type="time" value={c.time} onInput={(e) => set(i, 'time', (e.target as HTMLInputElement).value)} />
            </Field>
            <Field id={`pe-res-${i}`} label={L('場所', 'Place')}>
              <select id={`pe-res-${i}`} value={c.resource} onChange={(e) => set(i, 'resource', (e.target as HTMLSelectElement).value)}>
                <option value="">{L('選択', 'Choose')}</option>
                {l.resources.map((r) => (
                  <option value={r.id}>{L(r.title, r.titleEn)}</option>
                ))}
              </select>
            </Field>
          </div>
        </fieldset>
      ))}
      {service && <StaffForm fields={service.form.fields} answers={answers} onChange={setAnswers} issues={issues} />}
      <ErrorBox error={error} />
      <button type="submit" class="primary">
        {L('抽選申込を登録', 'Enter the application')}
      </button>
    </form>
  );
}
