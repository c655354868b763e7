// アクセス履歴: who did what, when, from where (system administrators only; read-only).
import { useEffect, useState } from 'preact/hooks';
import { api, download, L, qs } from '../api';
import { actionLabel, actorText, detailsText, epochJa, ErrorBox, Field } from '../components/ui';
import { me } from '../session';
import type { AuditRowView } from '../../engine/staff/audit-log';

// The API's own row type (type-only: nothing of the server is bundled).
type Row = AuditRowView;

export function AuditPage() {
  const m = me.value!;
  const [f, setF] = useState({ from: '', to: '', actor: '', action: '', target: '' });
  const [page, setPage] = useState(1);
  const [data, setData] = useState<{ total: number; pageSize: number; rows: Row[] } | null>(null);
  const [error, setError] = useState<unknown>(null);
  const load = (p = page) => api<{ total: number; pageSize: number; rows: Row[] }>('GET', `/audit${qs({ ...f, page: p })}`).then((r) => (setData(r), setPage(p))).catch(setError);
  useEffect(() => void load(1), []);
  const set = (k: string) => (e: Event) => setF({ ...f, [k]: (e.target as HTMLInputElement).value });
  return (
    <section>
      <h1>{L('アクセス履歴', 'Access log')}</h1>
      <form class="panel row" onSubmit={(e) => (e.preventDefault(), load(1))}>
        <Field id="a-from" label={L('期間（から）', 'From')}><input id="a-from" type="date" value={f.from} onInput={set('from')} /></Field>
        <Field id="a-to" label={L('期間（まで）', 'To')}><input id="a-to" type="date" value={f.to} onInput={set('to')} /></Field>
        <Field id="a-actor" label={L('操作者', 'Who')}><input id="a-actor" value={f.actor} onInput={set('actor')} /></Field>
        <Field id="a-action" label={L('操作（例: booking. / pii.viewed）', 'Action (e.g. booking.)')}><input id="a-action" value={f.action} onInput={set('action')} /></Field>
        <Field id="a-target" label={L('対象（受付番号など）', 'Target')}><input id="a-target" value={f.target} onInput={set('target')} /></Field>
        <button type="submit" class="primary">{L('検索', 'Search')}</button>
        <button type="button" onClick={() => download(`/audit.csv${qs(f)}`).catch(setError)}>{L('CSV出力', 'Export CSV')}</button>
      </form>
      <ErrorBox error={error} />
      {data && (
        <>
          <p>{L(`${data.total}件`, `${data.total} rows`)}</p>
          <table class="list" data-testid="audit-rows">
            <thead>
              <tr><th>{L('日時', 'When')}</th><th>{L('操作者', 'Who')}</th><th>{L('操作', 'Action')}</th><th>{L('対象', 'Target')}</th><th>{L('接続元', 'From')}</th><th>{L('詳細', 'Details')}</th></tr>
            </thead>
            <tbody>
              {data.rows.map((r) => (
                <tr key={r.id}>
                  <td>{epochJa(r.at, m.tenant.timeZone)}</td>
                  <td>{actorText(r.actorType, r.actorId)}</td>
                  <td title={r.action}>{actionLabel(r.action)}</td>
                  <td>{r.targetType} {r.targetId}</td>
                  <td>{r.ip}</td>
                  <td>{detailsText(r.details, m.tenant.timeZone, { service: Object.fromEntries(m.services.map((x) => [x.id, x.title])) }, { bookingWords: r.targetType === 'booking' })}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <div class="pager">
            <button type="button" disabled={page <= 1} onClick={() => load(page - 1)}>{L('前へ', 'Previous')}</button>
            <button type="button" disabled={page * data.pageSize >= data.total} onClick={() => load(page + 1)}>{L('次へ', 'Next')}</button>
          </div>
        </>
      )}
    </section>
  );
}
