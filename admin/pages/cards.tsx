// カード台帳 (blocks/card-register): 契約登録 with the lease system's answer shown, contract
// CSV import, カード台帳の取込 (cards already issued), カード発行, the card list with 更新 / 再発行, 月末処理, 有効期限更新の案内書
// and the EDI outbox. Every operation takes the 処理日 at the top (default today).
import { useEffect, useState } from 'preact/hooks';
import { api, L, lang, openPrint, qs } from '../api';
import { CsvImport } from '../components/csv-import';
import { ErrorBox, Field } from '../components/ui';
import { me } from '../session';
import type { CardView } from '../../blocks/card-register/store';
import type { OutboxStatus } from '../../blocks/card-register/edi';
import { CARD, CARD_STATES, cardStateLabel } from '../../blocks/card-register/states';

interface Opt {
  value: string;
  label: string;
  labelEn: string;
}
interface RegisterInfo {
  id: string;
  title: string;
  titleEn: string;
  subject: { label: string; labelEn: string };
  cardTypes: Opt[];
  reissueReasons: (Opt & { fee: boolean })[];
  issueFee: number;
  renewalNoticeMonths: number;
  holderKey: string;
  holderFields: { id: string; type: string; label: string; labelEn?: string; required?: boolean; options?: { value: string; label: string; labelEn?: string }[] }[];
}

const opt = (o: { label: string; labelEn?: string }) => L(o.label, o.labelEn ?? o.label);
const nextMonth = (today: string) => today.slice(0, 7);

export function CardsPage() {
  const [regs, setRegs] = useState<RegisterInfo[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    api<{ registers: RegisterInfo[] }>('GET', '/cards').then((r) => setRegs(r.registers), setError);
  }, []);
  if (error) return <ErrorBox error={error} />;
  if (!regs) return <p>{L('読み込み中…', 'Loading…')}</p>;
  if (!regs.length) return <p>{L('カード台帳はありません。', 'There is no card register.')}</p>;
  return <Register reg={regs[0]} />;
}

function Register({ reg }: { reg: RegisterInfo }) {
  const today = me.value?.today ?? '';
  const [date, setDate] = useState(today);
  const [filter, setFilter] = useState({ state: CARD.inUse as string, q: '' });
  const [cards, setCards] = useState<CardView[]>([]);
  const [edi, setEdi] = useState<OutboxStatus | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState('');
  const base = `/cards/${reg.id}`;
  const load = (f = filter) =>
    api<{ cards: CardView[]; edi: OutboxStatus }>('GET', `${base}${qs(f)}`)
      .then((r) => (setCards(r.cards), setEdi(r.edi)))
      .catch(setError);
  useEffect(() => void load(), []);
  const act = async (run: () => Promise<unknown>, message: (r: any) => string) => {
    try {
      const r = await run();
      setDone(message(r));
      setError(null);
      await load();
    } catch (e) {
      setDone('');
      setError(e);
    }
  };
  const [reason, setReason] = useState<Record<string, string>>({});
  const subjectLabel = L(reg.subject.label, reg.subject.labelEn);
  return (
    <section>
      <h1>
        {L('カード台帳', 'Card register')}（{L(reg.title, reg.titleEn)}）
      </h1>
      <div class="panel row">
        <Field id="c-date" label={L('処理日', 'Processing date')} hint={L('発行・更新・再発行・月末処理の日付', 'Date of issue, renewal, re-issue and month end')}>
          <input id="c-date" type="date" value={date} onInput={(e) => setDate((e.target as HTMLInputElement).value)} />
        </Field>
      </div>
      <ErrorBox error={error} />
      {done && (
        <p class="ok" role="status">
          {done}
        </p>
      )}
      <ContractPanel reg={reg} onDone={(m) => (setDone(m), setError(null))} onError={(e) => (setDone(''), setError(e))} />
      <CsvImport path={`${base}/contracts/import`} title={['契約のCSV取り込み', 'Import contracts (CSV)']} done={(n) => L(`${n}件の契約を登録しました。`, `Registered ${n} contracts.`)} />
      <CsvImport
        path={`${base}/import`}
        title={['カード台帳の取込', 'Import the card ledger (CSV)']}
        hint={[
          `既に発行済みのカードを利用中として登録します（EDIは送りません）。見出し: カード番号,${reg.subject.label},カード種類,有効期限年月,初回カード発行日,カード発行日,発行理由`,
          `Registers cards already issued as in use (no EDI is sent). Header: カード番号,${reg.subject.label},カード種類,有効期限年月,初回カード発行日,カード発行日,発行理由`,
        ]}
        done={(n) => L(`${n}枚のカードを取り込みました。`, `Imported ${n} cards.`)}
        onImported={() => void load()}
      />
      <IssuePanel reg={reg} date={date} act={act} />

      <h2>{L('カード一覧', 'Cards')}</h2>
      <form
        class="panel row"
        onSubmit={(e) => {
          e.preventDefault();
          void load();
        }}
      >
        <Field id="c-state" label={L('状態', 'State')}>
          <select id="c-state" value={filter.state} onChange={(e) => setFilter({ ...filter, state: (e.target as HTMLSelectElement).value })}>
            <option value="">{L('すべて', 'All')}</option>
            {CARD_STATES.map((s) => (
              <option key={s} value={s}>
                {cardStateLabel(s, lang.value)}
              </option>
            ))}
          </select>
        </Field>
        <Field id="c-q" label={L('カード番号・登録番号・契約番号', 'Card, vehicle or lease no.')}>
          <input id="c-q" value={filter.q} onInput={(e) => setFilter({ ...filter, q: (e.target as HTMLInputElement).value })} />
        </Field>
        <button type="submit" class="primary">
          {L('表示', 'Show')}
        </button>
      </form>
      {cards.length === 0 ? (
        <p>{L('該当するカードはありません。', 'No cards match.')}</p>
      ) : (
        <table class="list" data-testid="card-rows">
          <thead>
            <tr>
              <th>{L('カード番号', 'Card no.')}</th>
              <th>{L('顧客', 'Customer')}</th>
              <th>{subjectLabel}</th>
              <th>{L('種類', 'Type')}</th>
              <th>{L('有効期限', 'Expiry')}</th>
              <th>{L('状態', 'State')}</th>
              <th>{L('発行日（区分）', 'Issued (reason)')}</th>
              <th>{L('手数料', 'Fee')}</th>
              <th>{L('操作', 'Action')}</th>
            </tr>
          </thead>
          <tbody>
            {cards.map((c) => (
              <tr key={c.id}>
                <td>{c.cardNo}</td>
                <td>
                  {c.holderName}
                  <br />
                  <small>{c.holderKey}</small>
                </td>
                <td>{c.subject}</td>
                <td>{c.cardTypeLabel}</td>
                <td>{c.expiryMonth}</td>
                <td>{c.stateLabel}</td>
                <td>
                  {c.issuedOn}（{c.reasonLabel}）
                </td>
                <td>{c.issueFee.toLocaleString()}</td>
                <td>
                  {c.state === CARD.inUse && (
                    <>
                      <button type="button" onClick={() => void act(() => api('POST', `${base}/${c.cardNo}/renew`, { date }), () => L(`カード ${c.cardNo} を更新しました。`, `Renewed card ${c.cardNo}.`))}>
                        {L('更新', 'Renew')}
                      </button>{' '}
                      <select aria-label={L('再発行の理由', 'Re-issue reason')} value={reason[c.id] ?? ''} onChange={(e) => setReason({ ...reason, [c.id]: (e.target as HTMLSelectElement).value })}>
                        <option value="">{L('再発行の理由', 'Reason')}</option>
                        {reg.reissueReasons.map((r) => (
                          <option key={r.value} value={r.value}>
                            {opt(r)}
                            {r.fee ? '' : L('（手数料なし）', ' (no fee)')}
                          </option>
                        ))}
                      </select>{' '}
                      <button
                        type="button"
                        onClick={() => void act(() => api<{ card: CardView }>('POST', `${base}/${c.cardNo}/reissue`, { reason: reason[c.id] ?? '', date }), (r) => L(`再発行しました（新しいカード番号 ${r.card.cardNo}）。`, `Re-issued as ${r.card.cardNo}.`))}
                      >
                        {L('再発行', 'Re-issue')}
                      </button>
                    </>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      <h2>{L('月末処理', 'Month end')}</h2>
      <div class="panel row">
        <p>{L('有効期限を過ぎたカード（月末日には、その月が有効期限のカード）を解約にします。', 'Cancels the cards past their expiry (on the last day of a month, those expiring that month).')}</p>
        <button type="button" disabled={me.value?.role === 'facility-staff'} onClick={() => void act(() => api<{ cancelled: number }>('POST', `${base}/month-end`, { date }), (r) => L(`${date} の月末処理: ${r.cancelled}件を解約しました。`, `Month end of ${date}: ${r.cancelled} cancelled.`))}>
          {L('処理日で月末処理を実行', 'Run month end on the processing date')}
        </button>
      </div>

      <Notices reg={reg} base={base} date={date} today={today} onError={setError} />

      <h2>{L('カード発行会社へのEDI', 'EDI to the card issuer')}</h2>
      <div class="panel row" data-testid="edi-status">
        {edi && (
          <p>
            {L(`未送信 ${edi.pending}件・送信済み ${edi.sent}件・送信失敗 ${edi.failed}件`, `Pending ${edi.pending}, sent ${edi.sent}, failed ${edi.failed}`)}
            {edi.lastError && ` — ${L('直近のエラー', 'Last error')}: ${edi.lastError}`}
          </p>
        )}
        <button type="button" onClick={() => void act(() => api<{ sent: number; target: string }>('POST', `${base}/edi/deliver`, {}), (r) => (r.target === 'none' ? L('送信先が設定されていません（未送信のまま）。', 'No EDI target is set (rows stay pending).') : L(`${r.sent}件を送信しました。`, `Sent ${r.sent}.`)))}>
          {L('今すぐ送信', 'Send now')}
        </button>
      </div>
    </section>
  );

}

function Notices(p: { reg: RegisterInfo; base: string; date: string; today: string; onError(e: unknown): void }) {
  const [month, setMonth] = useState(nextMonth(p.date || p.today));
  const [list, setList] = useState<CardView[] | null>(null);
  return (
    <>
      <h2>{L('有効期限更新の案内書', 'Renewal notices')}</h2>
      <div class="panel row">
        <Field id="n-month" label={L('案内する月', 'Month of the notices')} hint={L(`この月の${p.reg.renewalNoticeMonths}か月後に有効期限を迎えるカード`, `Cards expiring ${p.reg.renewalNoticeMonths} months later`)}>
          <input id="n-month" type="month" value={month} onInput={(e) => setMonth((e.target as HTMLInputElement).value)} />
        </Field>
        <button type="button" onClick={() => void api<{ cards: CardView[] }>('GET', `${p.base}/renewal-notices${qs({ month })}`).then((r) => setList(r.cards), p.onError)}>
          {L('対象を表示', 'Show')}
        </button>{' '}
        <button type="button" onClick={() => openPrint(`${p.base}/renewal-notices/print`, { month, date: p.date })}>
          {L('案内書を印刷', 'Print notices')}
        </button>
        {list && <p data-testid="notice-count">{L(`対象 ${list.length}件`, `${list.length} card(s)`)}</p>}
      </div>
    </>
  );
}

function ContractPanel(p: { reg: RegisterInfo; onDone(m: string): void; onError(e: unknown): void }) {
  const [fields, setFields] = useState<Record<string, string>>({});
  const [lease, setLease] = useState<{ lease: { leaseNo: string; customerName: string; start: string; end: string }; registered: boolean } | null>(null);
  const key = fields[p.reg.holderKey] ?? '';
  const lookup = () =>
    api<typeof lease>('GET', `/cards/${p.reg.id}/lease/${encodeURIComponent(key)}`)
      .then((r) => {
        setLease(r);
        // The customer name as the lease system has it, unless already typed.
        if (r && !fields.name) setFields((f) => ({ ...f, name: r.lease.customerName }));
      })
      .catch((e) => (setLease(null), p.onError(e)));
  const submit = async (e: Event) => {
    e.preventDefault();
    try {
      const r = await api<{ key: string }>('POST', `/cards/${p.reg.id}/contracts`, { fields });
      p.onDone(L(`契約 ${r.key} を登録しました。`, `Registered contract ${r.key}.`));
      setFields({});
      setLease(null);
    } catch (x) {
      p.onError(x);
    }
  };
  return (
    <form class="panel" aria-label={L('契約登録', 'Register a contract')} onSubmit={(e) => void submit(e)}>
      <h2>{L('契約登録', 'Register a contract')}</h2>
      <div class="row">
        {p.reg.holderFields.map((f) => (
          <Field key={f.id} id={`k-${f.id}`} label={`${opt(f)}${f.required ? L('（必須）', ' (required)') : ''}`}>
            {f.type === 'select' ? (
              <select id={`k-${f.id}`} value={fields[f.id] ?? ''} onChange={(e) => setFields({ ...fields, [f.id]: (e.target as HTMLSelectElement).value })}>
                <option value="">—</option>
                {f.options?.map((o) => (
                  <option key={o.value} value={o.value}>
                    {opt(o)}
                  </option>
                ))}
              </select>
            ) : (
              <input id={`k-${f.id}`} value={fields[f.id] ?? ''} onInput={(e) => setFields({ ...fields, [f.id]: (e.target as HTMLInputElement).value })} />
            )}
          </Field>
        ))}
      </div>
      <button type="button" disabled={!key} onClick={() => void lookup()}>
        {L('リース契約を照会', 'Look up the lease')}
      </button>{' '}
      {lease && (
        <span data-testid="lease-found" role="status">
          {L(`リース契約: ${lease.lease.customerName}（${lease.lease.start}〜${lease.lease.end}）`, `Lease: ${lease.lease.customerName} (${lease.lease.start} to ${lease.lease.end})`)}
          {lease.registered && L('・登録済み', ' — already registered')}
        </span>
      )}{' '}
      <button type="submit" class="primary">
        {L('契約を登録', 'Register')}
      </button>
    </form>
  );
}

function IssuePanel(p: { reg: RegisterInfo; date: string; act(run: () => Promise<unknown>, message: (r: any) => string): Promise<void> }) {
  const [subject, setSubject] = useState('');
  const [cardType, setCardType] = useState(p.reg.cardTypes[0]?.value ?? '');
  const submit = (e: Event) => {
    e.preventDefault();
    void p.act(
      () => api<{ card: CardView }>('POST', `/cards/${p.reg.id}/issue`, { subject, cardType, date: p.date }),
      (r) => L(`カード ${r.card.cardNo} を発行しました（有効期限 ${r.card.expiryMonth}）。`, `Issued card ${r.card.cardNo} (expires ${r.card.expiryMonth}).`),
    );
  };
  return (
    <form class="panel row" aria-label={L('カード発行', 'Issue a card')} onSubmit={submit}>
      <h2>{L('カード発行', 'Issue a card')}</h2>
      <Field id="i-subject" label={L(p.reg.subject.label, p.reg.subject.labelEn)}>
        <input id="i-subject" value={subject} required onInput={(e) => setSubject((e.target as HTMLInputElement).value)} />
      </Field>
      <Field id="i-type" label={L('カード種類', 'Card type')}>
        <select id="i-type" value={cardType} onChange={(e) => setCardType((e.target as HTMLSelectElement).value)}>
          {p.reg.cardTypes.map((t) => (
            <option key={t.value} value={t.value}>
              {opt(t)}
            </option>
          ))}
        </select>
      </Field>
      <button type="submit" class="primary">
        {L('発行', 'Issue')}
      </button>
    </form>
  );
}
