// 団体: the approval queue of groups (申請中 first, oldest first) and a group's page with
// its registration answers, 承認 / 却下 (a rejection says why), its 減免区分 and its
// people (代表者・構成員). Facility managers and administrators act; other staff read.
import { useEffect, useRef, useState } from 'preact/hooks';
import { api, ApiError, L, qs } from '../api';
import { answerLabel, type FormFieldDef } from '../components/form-fields';
import { epochJa, ErrorBox, Field, phoneText } from '../components/ui';
import { go, href, route } from '../router';
import { me } from '../session';
import type { GroupListRow, GroupPerson } from '../../engine/members/groups';
import type { MemberView } from '../../engine/staff/members';
import { GROUP, type GroupStatus } from '../../engine/members/group-status';
import type { ReductionCategory } from '../../engine/core/behaviour';

type Words = { ja: string; en: string };
interface GroupList {
  rows: GroupListRow[];
  statuses: Record<GroupStatus, Words>;
  reductions: ReductionCategory[];
}

const STATE_FILTER: [string, string, string][] = [
  ['', 'すべて', 'All'],
  ['applied', '申請中', 'Applied'],
  ['approved', '承認済み', 'Approved'],
  ['rejected', '却下', 'Rejected'],
];
const STATE_WORDS: Record<GroupStatus, [string, string]> = { applied: ['申請中', 'Applied'], approved: ['承認済み', 'Approved'], rejected: ['却下', 'Rejected'] };
const stateText = (s: GroupStatus) => L(STATE_WORDS[s][0], STATE_WORDS[s][1]);

const reductionText = (list: ReductionCategory[], id: string | null) => {
  if (!id) return L('なし', 'None');
  const r = list.find((x) => x.id === id);
  return r ? L(`${r.label}（${r.percent}%）`, `${r.labelEn} (${r.percent}%)`) : id;
};

/** The API's error in words; the page names the field, so issues lose their JSON pointer. */
const inWords = (e: unknown) => (e instanceof ApiError ? new ApiError(e.status, e.code, e.message, e.issues.map((i) => ({ ...i, path: '' })), e.details) : e);

/** Facility managers and administrators decide and edit (PERMISSIONS.editMembers, as the routes guard). */
const canAct = () => !!me.value?.can.editMembers;

export function GroupsPage() {
  const m = me.value!;
  const [state, setState] = useState(route.value.query.state ?? '');
  const [keyword, setKeyword] = useState(route.value.query.q ?? '');
  const [data, setData] = useState<GroupList | null>(null);
  const [error, setError] = useState<unknown>(null);
  const load = (status: string, q: string) =>
    api<GroupList>('GET', `/groups${qs({ status, q })}`)
      .then((r) => (setData(r), setError(null)))
      .catch((e) => setError(inWords(e)));
  // The filter lives in the address: the menu link (no filter) or the back button shows that list.
  const { state: qState = '', q: qKeyword = '' } = route.value.query;
  // Only a change of address resets the form: on the first render the effect runs after paint, and
  // resetting then would undo a choice made in between.
  const shown = useRef({ qState, qKeyword });
  useEffect(() => {
    if (shown.current.qState !== qState || shown.current.qKeyword !== qKeyword) {
      setState(qState);
      setKeyword(qKeyword);
      shown.current = { qState, qKeyword };
    }
    void load(qState, qKeyword);
  }, [qState, qKeyword]);
  const show = (e: Event) => {
    e.preventDefault();
    go('groups', undefined, { state, q: keyword });
    // The same filter again changes no address: load here too.
    if (state === qState && keyword === qKeyword) void load(state, keyword);
  };
  return (
    <section>
      <h1>{L('団体', 'Groups')}</h1>
      <p>{L('団体登録の申請を承認・却下し、承認した団体の減免区分と代表者・構成員を管理します。申請中の団体が古い順に先頭に並びます。', 'Approve or reject group registrations and keep the reduction category and people of approved groups. Groups waiting for a decision come first, oldest first.')}</p>
      <form class="panel row" onSubmit={show}>
        <Field id="g-state" label={L('状態', 'Status')}>
          <select id="g-state" value={state} onChange={(e) => setState((e.target as HTMLSelectElement).value)}>
            {STATE_FILTER.map(([v, ja, en]) => (
              <option key={v} value={v}>
                {L(ja, en)}
              </option>
            ))}
          </select>
        </Field>
        <Field id="g-q" label={L('団体名・会員番号', 'Name or member no.')}>
          <input id="g-q" value={keyword} onInput={(e) => setKeyword((e.target as HTMLInputElement).value)} />
        </Field>
        <button type="submit" class="primary">
          {L('表示', 'Show')}
        </button>
      </form>
      <ErrorBox error={error} />
      {data && data.rows.length === 0 && <p>{L('該当する団体はありません。', 'No groups match.')}</p>}
      {data && data.rows.length > 0 && (
        <table class="list" data-testid="group-rows">
          <thead>
            <tr>
              <th>{L('団体名', 'Group')}</th>
              <th>{L('会員番号', 'Member no.')}</th>
              <th>{L('代表者', 'Representative')}</th>
              <th>{L('申請日', 'Applied')}</th>
              <th>{L('状態', 'Status')}</th>
              <th>{L('減免区分', 'Reduction')}</th>
            </tr>
          </thead>
          <tbody>
            {data.rows.map((r) => (
              <tr key={r.id} class={`group-${r.status}`} onClick={(e) => (e.target as HTMLElement).tagName !== 'A' && go('group', r.id)}>
                <td>
                  <a href={href('group', r.id)}>{r.name ?? r.memberNo}</a>
                </td>
                <td>{r.memberNo}</td>
                <td>
                  {r.representative ??
                    (r.registeredRepresentative ? (
                      <>
                        {r.registeredRepresentative}
                        <small>{L('（申請時の記入）', ' (as registered)')}</small>
                      </>
                    ) : (
                      '—'
                    ))}
                </td>
                <td>{epochJa(r.createdAt, m.tenant.timeZone)}</td>
                <td>
                  {stateText(r.status)}
                  {r.status === GROUP.rejected && r.reason && (
                    <>
                      <br />
                      <small>{r.reason}</small>
                    </>
                  )}
                </td>
                <td>{r.status === GROUP.approved ? reductionText(data.reductions, r.reduction) : '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

/** GET /members/:id of a group (the member as the API shows it, with its people and the tenant's 減免区分). */
interface GroupDetail extends MemberView {
  group?: { people: GroupPerson[]; reductions: ReductionCategory[] };
}

/** What the group answered when it registered, by the labels of the member form of groups. */
function answersOf(d: GroupDetail, fields: FormFieldDef[]): [string, string][] {
  const values: Record<string, unknown> = { ...d.profile, name: d.name, kana: d.nameKana, phone: phoneText(d.phone), email: d.email, loginId: d.loginId };
  return fields.filter((f) => values[f.id] !== undefined && values[f.id] !== null && values[f.id] !== '').map((f) => [L(f.label, f.labelEn ?? f.label), answerLabel(f, values[f.id])]);
}

export function GroupPage() {
  const id = route.value.arg ?? '';
  const m = me.value!;
  const acting = canAct();
  const [d, setD] = useState<GroupDetail | null>(null);
  const [fields, setFields] = useState<FormFieldDef[]>([]);
  const [error, setError] = useState<unknown>(null);
  const [msg, setMsg] = useState('');
  const [approveReduction, setApproveReduction] = useState('');
  const [reduction, setReduction] = useState('');
  const [rejecting, setRejecting] = useState(false);
  const [reason, setReason] = useState('');
  const [reasonMissing, setReasonMissing] = useState(false);
  const [person, setPerson] = useState({ memberNo: '', role: 'member' });
  const load = () =>
    api<GroupDetail>('GET', `/members/${encodeURIComponent(id)}`)
      .then((x) => (setD(x), setReduction(x.groupReduction ?? '')))
      .catch((e) => setError(inWords(e)));
  useEffect(() => {
    void load();
    api<{ kinds: { kind: string; fields: FormFieldDef[] }[] }>('GET', '/member-fields')
      .then((r) => setFields(r.kinds.find((k) => k.kind === 'group')?.fields ?? []))
      .catch(() => undefined);
  }, [id]);
  const act = async (run: () => Promise<unknown>, done: string) => {
    setError(null);
    setMsg('');
    try {
      await run();
      // The group as it now is first, then the word that it was done (never a 却下しました beside 申請中).
      await load();
      setMsg(done);
      return true;
    } catch (e) {
      setError(inWords(e));
      // A step may have gone through (承認 before its 減免区分): show the group as it now is.
      await load();
      return false;
    }
  };
  if (!d) return <ErrorBox error={error} />;
  if (d.kind !== 'group' || !d.group) {
    return (
      <section>
        <h1>{L('団体', 'Group')}</h1>
        <p>
          {L('この会員は団体ではありません。', 'This member is not a group.')} <a href={href('member', d.id)}>{L('会員の画面へ', 'Open the member')}</a>
        </p>
      </section>
    );
  }
  const status = d.groupStatus ?? GROUP.applied;
  const reductions = d.group.reductions;
  const name = d.name ?? d.memberNo;
  const approve = () =>
    act(async () => {
      await api('POST', `/groups/${d.id}/decision`, { decision: GROUP.approved });
      if (approveReduction) await api('PUT', `/groups/${d.id}/reduction`, { reduction: approveReduction });
    }, L(`${name} を承認しました。`, `Approved ${name}.`));
  const reject = async (e: Event) => {
    e.preventDefault();
    if (!reason.trim()) return setReasonMissing(true);
    setReasonMissing(false);
    if (await act(() => api('POST', `/groups/${d.id}/decision`, { decision: GROUP.rejected, reason }), L(`${name} を却下しました。`, `Rejected ${name}.`))) setRejecting(false), setReason('');
  };
  const saveReduction = (e: Event) => {
    e.preventDefault();
    void act(() => api('PUT', `/groups/${d.id}/reduction`, { reduction: reduction || null }), L('減免区分を保存しました。', 'Reduction category saved.'));
  };
  const addPerson = async (e: Event) => {
    e.preventDefault();
    if (await act(() => api('POST', `/groups/${d.id}/people`, person), L(`会員番号 ${person.memberNo.trim()} を登録しました。`, `Added member ${person.memberNo.trim()}.`))) setPerson({ memberNo: '', role: 'member' });
  };
  const removePerson = (p: GroupPerson) =>
    confirm(L(`${p.name ?? p.memberNo}（会員番号 ${p.memberNo}）を団体から外しますか？`, `Remove ${p.name ?? p.memberNo} (${p.memberNo}) from the group?`)) &&
    void act(() => api('DELETE', `/groups/${d.id}/people/${encodeURIComponent(p.memberId)}`), L(`会員番号 ${p.memberNo} を団体から外しました。`, `Removed member ${p.memberNo}.`));
  const reductionOptions = (
    <>
      <option value="">{L('なし', 'None')}</option>
      {reductions.map((r) => (
        <option key={r.id} value={r.id}>
          {L(`${r.label}（${r.percent}%）`, `${r.labelEn} (${r.percent}%)`)}
        </option>
      ))}
    </>
  );
  return (
    <section class="group-page">
      <p>
        <a href={href('groups')}>{L('団体の一覧へ', 'Back to groups')}</a>
      </p>
      <h1>
        {L('団体', 'Group')} {name}
      </h1>
      {msg && (
        <p class="ok" role="status">
          {msg}
        </p>
      )}
      <ErrorBox error={error} />
      {!acting && <p class="notice">{L('この画面は閲覧のみです。承認・却下と変更は施設運営管理者・システム管理者が行います。', 'Read only: facility managers and administrators decide and edit.')}</p>}
      <h2>{L('登録内容', 'Registration')}</h2>
      <table class="kv" data-testid="group-answers">
        <tbody>
          <tr>
            <th>{L('会員番号', 'Member no.')}</th>
            <td>{d.memberNo}</td>
          </tr>
          <tr>
            <th>{L('状態', 'Status')}</th>
            <td data-testid="group-status">{stateText(status)}</td>
          </tr>
          {d.groupReason && (
            <tr>
              <th>{L('却下の理由', 'Reason')}</th>
              <td>{d.groupReason}</td>
            </tr>
          )}
          <tr>
            <th>{L('申請日', 'Applied')}</th>
            <td>{epochJa(d.createdAt, m.tenant.timeZone)}</td>
          </tr>
          {answersOf(d, fields).map(([k, v]) => (
            <tr key={k}>
              <th>{k}</th>
              <td>{v}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p>
        <a href={href('member', d.id)}>{L('会員の画面（予約・登録内容の変更）', 'Member page (bookings, edit)')}</a>
      </p>

      <h2>{L('承認・却下', 'Decision')}</h2>
      {acting ? (
        <div class="panel">
          {status !== GROUP.approved && (
            <div class="row">
              <Field id="g-approve-reduction" label={L('承認時の減免区分', 'Reduction category on approval')}>
                <select id="g-approve-reduction" value={approveReduction} onChange={(e) => setApproveReduction((e.target as HTMLSelectElement).value)}>
                  {reductionOptions}
                </select>
              </Field>
              <button type="button" class="primary" onClick={() => void approve()}>
                {L('承認', 'Approve')}
              </button>
            </div>
          )}
          {status !== GROUP.rejected &&
            (rejecting ? (
              <form onSubmit={reject} data-testid="reject-form">
                <div class="field">
                  <label for="g-reason">{L('却下の理由（必須・団体に伝わります）', 'Reason (required; the group is told)')}</label>
                  <textarea id="g-reason" rows={3} maxLength={500} value={reason} aria-invalid={reasonMissing || undefined} aria-describedby={reasonMissing ? 'g-reason-error' : undefined} onInput={(e) => setReason((e.target as HTMLTextAreaElement).value)} />
                  {reasonMissing && (
                    <small id="g-reason-error" class="field-error" role="alert">
                      {L('却下の理由を入力してください。', 'Enter the reason for the rejection.')}
                    </small>
                  )}
                </div>
                <div class="actions">
                  <button type="submit" class="danger">
                    {L('却下する', 'Reject')}
                  </button>{' '}
                  <button type="button" onClick={() => (setRejecting(false), setReasonMissing(false))}>
                    {L('やめる', 'Cancel')}
                  </button>
                </div>
              </form>
            ) : (
              <p>
                <button type="button" onClick={() => setRejecting(true)}>
                  {L('却下…', 'Reject…')}
                </button>
              </p>
            ))}
        </div>
      ) : (
        <p>{stateText(status)}</p>
      )}

      <h2>{L('減免区分', 'Reduction category')}</h2>
      {status !== GROUP.approved ? (
        <p>{L('減免区分は承認した団体に設定できます。', 'A reduction category can be set once the group is approved.')}</p>
      ) : acting ? (
        <form class="panel row" onSubmit={saveReduction}>
          <Field id="g-reduction" label={L('減免区分', 'Reduction category')}>
            <select id="g-reduction" value={reduction} onChange={(e) => setReduction((e.target as HTMLSelectElement).value)}>
              {reductionOptions}
            </select>
          </Field>
          <button type="submit" class="primary">
            {L('保存', 'Save')}
          </button>
        </form>
      ) : (
        <p data-testid="group-reduction">{reductionText(reductions, d.groupReduction)}</p>
      )}

      <h2>{L('代表者・構成員', 'Representative and members')}</h2>
      {d.group.people.length === 0 ? (
        <p>{L('代表者・構成員はまだ登録されていません。', 'No people yet.')}</p>
      ) : (
        <table class="list" data-testid="group-people">
          <thead>
            <tr>
              <th>{L('会員番号', 'Member no.')}</th>
              <th>{L('氏名', 'Name')}</th>
              <th>{L('役割', 'Role')}</th>
              <th>{L('登録日', 'Added')}</th>
              {acting && <th>{L('操作', 'Action')}</th>}
            </tr>
          </thead>
          <tbody>
            {d.group.people.map((p) => (
              <tr key={p.memberId}>
                <td>
                  <a href={href('member', p.memberId)}>{p.memberNo}</a>
                </td>
                <td>{p.name ?? '—'}</td>
                <td>{p.role === 'representative' ? L('代表者', 'Representative') : L('構成員', 'Member')}</td>
                <td>{epochJa(p.addedAt, m.tenant.timeZone)}</td>
                {acting && (
                  <td>
                    <button type="button" class="danger" onClick={() => removePerson(p)} aria-label={L(`${p.name ?? p.memberNo} を外す`, `Remove ${p.name ?? p.memberNo}`)}>
                      {L('外す', 'Remove')}
                    </button>
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {acting && (
        <form class="panel row" onSubmit={addPerson} data-testid="add-person">
          <Field id="g-person-no" label={L('会員番号（個人の会員）', 'Member no. (an individual)')}>
            <input id="g-person-no" inputMode="numeric" autoComplete="off" value={person.memberNo} required onInput={(e) => setPerson({ ...person, memberNo: (e.target as HTMLInputElement).value })} />
          </Field>
          <Field id="g-person-role" label={L('役割', 'Role')} hint={L('代表者を追加すると、いまの代表者は構成員になります。', 'A new representative makes the current one a member.')}>
            <select id="g-person-role" value={person.role} onChange={(e) => setPerson({ ...person, role: (e.target as HTMLSelectElement).value })}>
              <option value="member">{L('構成員', 'Member')}</option>
              <option value="representative">{L('代表者', 'Representative')}</option>
            </select>
          </Field>
          <button type="submit" class="primary">
            {L('追加', 'Add')}
          </button>
        </form>
      )}
    </section>
  );
}
