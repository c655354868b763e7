// 公開前の確認: the only place 公開する is. Lists what the draft changes in words
// (「健康相談」を追加（サービス）,「…」の受付時間を…に変更) and whom it affects (future
// bookings of every service concerned); bookings the change would strand must be
// acknowledged before publishing. Reached from the wizard and from the block editor.
import { useEffect, useState } from 'preact/hooks';
import { api, ApiError, L, tenant } from '../api';
import { changeSentences, type BlockChange } from '../builder/review-words';
import { labelOf } from '../builder/labels';
import { dateJa } from '../builder/schedule';
import '../builder/builder.css';
import { ErrorBox } from '../components/ui';
import { go, href, route } from '../router';
import { me } from '../session';
import { WizardSteps } from './wizard';

type Block = Record<string, unknown> & { kind: string; id: string };

interface Impacted {
  receiptNo: string;
  service: string;
  resource: string;
  start: string;
  reason: string;
}

interface Review {
  version: string;
  changes: BlockChange[];
  titles: Record<string, string>;
  impacted: Impacted[];
  affected: { service: string; title: string; bookings: number; because: string[] }[];
}

interface Kind {
  kind: string;
  title: string;
  titleEn: string;
}

export const REASONS: Record<string, [string, string]> = {
  service_removed: ['サービスが削除される', 'service removed'],
  resource_removed: ['窓口が削除される', 'resource removed'],
  slot_removed: ['時間枠がなくなる', 'slot removed'],
  closed: ['休業日になる', 'day closed'],
  over_capacity: ['定員を超える', 'over capacity'],
};

export function PublishPage() {
  const m = me.value!;
  const fromWizard = route.value.query.from === 'wizard';
  const [review, setReview] = useState<Review | null>(null);
  const [kinds, setKinds] = useState<Kind[]>([]);
  const [blocks, setBlocks] = useState<{ before: Block[]; after: Block[] }>({ before: [], after: [] });
  const [confirmed, setConfirmed] = useState(false);
  const [done, setDone] = useState<{ version: string; added: { id: string; title: string }[] } | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const load = () =>
    Promise.all([
      api<Review>('GET', '/config/review').then(setReview),
      api<{ kinds: Kind[] }>('GET', '/schemas').then((r) => setKinds(r.kinds)),
      Promise.all([api<{ blocks: Block[] }>('GET', '/config'), api<{ blocks: Block[] }>('GET', '/config?draft=1')]).then(([a, b]) => setBlocks({ before: a.blocks, after: b.blocks })),
    ]).catch(setError);
  useEffect(() => {
    if (m.role === 'system-admin') void load();
  }, []);

  if (m.role !== 'system-admin') return <ErrorBox error={new Error(L('この画面はシステム管理者のみ利用できます。', 'System administrators only.'))} />;

  const wording = {
    kind: (k: string) => kinds.find((y) => y.kind === k)?.title ?? k,
    label: (_k: string, pointer: string) => labelOf(pointer.split('/').filter((s) => !/^\d+$/.test(s)).pop() ?? '', 'ja').replace(/ \(.*\)$/, ''),
    titles: review?.titles ?? {},
  };
  const find = (list: Block[], c: BlockChange) => list.find((b) => b.kind === c.kind && b.id === c.id);

  const publish = async () => {
    setError(null);
    setBusy(true);
    try {
      const r = await api<{ version: string }>('POST', '/publish', review!.impacted.length ? { confirm: confirmed } : {});
      const added = review!.changes.filter((c) => c.kind === 'service' && c.change === 'added').map((c) => ({ id: c.id, title: review!.titles[`service/${c.id}`] ?? c.id }));
      setDone({ version: r.version, added });
      // The wizard's answers are now published: a new wizard starts empty.
      sessionStorage.removeItem('wizard.state');
      sessionStorage.removeItem('wizard.added');
    } catch (e) {
      setError(e);
      if (e instanceof ApiError && e.code === 'config.impact_unconfirmed') void load();
    } finally {
      setBusy(false);
    }
  };

  if (done) {
    return (
      <section class="publish">
        <h1>{L('公開しました', 'Published')}</h1>
        {fromWizard && <WizardSteps current={7} />}
        <p class="ok" role="status" data-testid="published">
          {L(`公開しました（${done.version}）。利用者の画面に反映されています。`, `Published (${done.version}). Residents see it now.`)}
        </p>
        <ul>
          {done.added.map((s) => (
            <li key={s.id}>
              <a href={`/t/${tenant}/s/${encodeURIComponent(s.id)}`}>{L(`利用者の画面で「${s.title}」を見る`, `See "${s.title}" as residents do`)}</a>
            </li>
          ))}
          <li>
            <a href={href('builder')}>{L('予約フロー作成に戻る', 'Back to the builder')}</a>
          </li>
        </ul>
      </section>
    );
  }

  const noDraft = error instanceof ApiError && error.code === 'config.no_draft';
  return (
    <section class="publish">
      <h1>{L('公開前の確認', 'Review before publishing')}</h1>
      {fromWizard && <WizardSteps current={6} />}
      {noDraft ? (
        <p class="notice">
          {L('公開する下書きがありません。', 'There is no draft to publish.')} <a href={href('builder')}>{L('予約フロー作成へ', 'To the builder')}</a>
        </p>
      ) : error ? (
        <ErrorBox error={error} />
      ) : null}
      {review && (
        <>
          <section class="panel" data-testid="changes">
            <h2>{L('変わること', 'What changes')}</h2>
            {review.changes.length === 0 ? (
              <p>{L('公開中の設定と同じです。', 'Same as what is served.')}</p>
            ) : (
              <ul class="change-list">
                {review.changes.flatMap((c) =>
                  changeSentences(c, wording, { before: find(blocks.before, c), after: find(blocks.after, c) }).map((t, i) => (
                    <li key={`${c.kind}/${c.id}/${i}`} class={`change-${c.change}`}>
                      {t}
                    </li>
                  )),
                )}
              </ul>
            )}
          </section>
          <section class="panel" data-testid="affected">
            <h2>{L('影響する予約', 'Bookings affected')}</h2>
            {review.affected.length === 0 ? (
              <p>{L('この変更に関係するサービスはありません。', 'No service is concerned.')}</p>
            ) : (
              <ul>
                {review.affected.map((a) => (
                  <li key={a.service}>
                    {a.bookings > 0
                      ? L(`「${a.title}」: これからの予約 ${a.bookings}件が、変更後の設定で扱われます。`, `"${a.title}": ${a.bookings} upcoming booking(s) follow the new settings.`)
                      : L(`「${a.title}」: これからの予約はありません。`, `"${a.title}": no upcoming bookings.`)}
                  </li>
                ))}
              </ul>
            )}
            {review.impacted.length > 0 && (
              <div class="error" role="alert" data-testid="impact">
                <p>{L(`次の予約 ${review.impacted.length}件は、この変更のあと受け付けた枠がなくなるなどします。予約した方への連絡が必要です。`, `${review.impacted.length} booking(s) lose their slot with this change; contact them.`)}</p>
                <table>
                  <thead>
                    <tr>
                      <th scope="col">{L('受付番号', 'Receipt')}</th>
                      <th scope="col">{L('サービス', 'Service')}</th>
                      <th scope="col">{L('日時', 'Start')}</th>
                      <th scope="col">{L('理由', 'Reason')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {review.impacted.map((b) => (
                      <tr key={b.receiptNo}>
                        <td>
                          <a href={href('booking', b.receiptNo)}>{b.receiptNo}</a>
                        </td>
                        <td>{review.titles[`service/${b.service}`] ?? b.service}</td>
                        <td>
                          {dateJa(b.start.slice(0, 10), true)} {b.start.slice(11, 16)}
                        </td>
                        <td>{L(...(REASONS[b.reason] ?? [b.reason, b.reason]))}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
                <div class="check">
                  <input type="checkbox" id="impact-confirm" checked={confirmed} onChange={(e) => setConfirmed((e.currentTarget as HTMLInputElement).checked)} />
                  <label for="impact-confirm">{L('影響する予約を確認しました。公開します。', 'I have reviewed the affected bookings.')}</label>
                </div>
              </div>
            )}
          </section>
          <div class="wizard-nav">
            <button type="button" onClick={() => go(fromWizard ? 'wizard' : 'builder')}>
              ← {L('戻って直す', 'Back to edit')}
            </button>
            <button type="button" class="primary" onClick={publish} disabled={busy || review.changes.length === 0 || (review.impacted.length > 0 && !confirmed)}>
              {L('公開する', 'Publish')}
            </button>
          </div>
          <p class="hint">{L(`公開中の版: ${review.version}。公開すると新しい版になり、いつでも前の版に戻せます。`, `Serving ${review.version}. Publishing makes a new version; you can roll back.`)}</p>
        </>
      )}
      {kinds.length === 0 && !review && !error && <p>{L('読み込み中…', 'Loading…')}</p>}
    </section>
  );
}
