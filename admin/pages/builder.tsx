// ノーコードビルダー (system administrators): the tenant's blocks, an editor
// generated from each kind's JSON Schema, a live preview of the resident form and
// availability, save draft, publish with impact confirmation, versions with diff
// and rollback, and new services from recipes.
import { useEffect, useRef, useState } from 'preact/hooks';
import { PreviewPanel, type Preview } from '../builder/preview';
import { Field } from '../../engine/runtime/renderers';
import { api, ApiError, L, lang, type Issue } from '../api';
import { BlockEditor } from '../builder/schema-form';
import '../builder/builder.css';
import { ErrorBox } from '../components/ui';
import { go, href } from '../router';
import { me } from '../session';

type Block = Record<string, any> & { kind: string; id: string };
interface Kind {
  kind: string;
  title: string;
  titleEn: string;
  schema: Record<string, any>;
}
interface Recipe {
  id: string;
  title: string;
  description: string;
}
interface Version {
  id: string;
  seq: number;
  source: string;
  createdAt: number;
  createdBy: string | null;
  current: boolean;
}
interface Impacted {
  receiptNo: string;
  service: string;
  resource: string;
  start: string;
  reason: string;
}
interface Slot {
  resource: string;
  date: string;
  start: string;
  remaining: number;
  capacity: number;
  status: string;
}
interface Change {
  kind: string;
  id: string;
  change: string;
  changes?: { path: string; before: unknown; after: unknown }[];
}

const REASONS: Record<string, [string, string]> = {
  service_removed: ['サービスが削除される', 'service removed'],
  resource_removed: ['窓口が削除される', 'resource removed'],
  slot_removed: ['時間枠がなくなる', 'slot removed'],
  closed: ['休業日になる', 'day closed'],
  over_capacity: ['定員を超える', 'over capacity'],
};

const addDays = (date: string, n: number) => {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + n)).toISOString().slice(0, 10);
};

export function BuilderPage() {
  const m = me.value!;
  const [kinds, setKinds] = useState<Kind[]>([]);
  const [blocks, setBlocks] = useState<Block[]>([]);
  const [served, setServed] = useState('');
  const [hasDraft, setHasDraft] = useState(false);
  const [dirty, setDirty] = useState(false);
  const [sel, setSel] = useState(-1);
  const [issues, setIssues] = useState<Issue[]>([]);
  const [error, setError] = useState<unknown>(null);
  const [msg, setMsg] = useState('');
  const [recipes, setRecipes] = useState<Recipe[]>([]);
  const [recipe, setRecipe] = useState({ id: '', serviceId: '', title: '' });
  const [versions, setVersions] = useState<Version[]>([]);
  const [diff, setDiff] = useState<{ label: string; changes: Change[] } | null>(null);
  const [impact, setImpact] = useState<{ bookings: Impacted[]; action: 'publish' | string } | null>(null);
  const [confirmed, setConfirmed] = useState(false);
  const [previewService, setPreviewService] = useState('');
  const [preview, setPreview] = useState<Preview | null>(null);
  const [previewError, setPreviewError] = useState('');
  const timer = useRef<ReturnType<typeof setTimeout>>();

  const loadConfig = async (select?: { kind: string; id: string }) => {
    const c = await api<{ version: string; draft: boolean; blocks: Block[] }>('GET', '/config?draft=1');
    setBlocks(c.blocks);
    setServed(c.version);
    setHasDraft(c.draft);
    setDirty(false);
    if (select) setSel(c.blocks.findIndex((b) => b.kind === select.kind && b.id === select.id));
    const services = c.blocks.filter((b) => b.kind === 'service');
    if (!previewService || !services.some((s) => s.id === previewService)) setPreviewService(select?.kind === 'service' ? select.id : services[0]?.id ?? '');
  };
  const loadVersions = () => api<{ versions: Version[] }>('GET', '/versions').then((r) => setVersions(r.versions));
  useEffect(() => {
    if (m.role !== 'system-admin') return;
    Promise.all([
      api<{ kinds: Kind[] }>('GET', '/schemas').then((r) => setKinds(r.kinds)),
      api<{ recipes: Recipe[] }>('GET', '/recipes').then((r) => {
        setRecipes(r.recipes);
        setRecipe((x) => ({ ...x, id: r.recipes.find((y) => y.id === 'consultation-days')?.id ?? r.recipes[0]?.id ?? '' }));
      }),
      loadConfig(),
      loadVersions(),
    ]).catch(setError);
  }, []);

  // Live preview: debounced on every change of the working blocks (nothing is stored).
  useEffect(() => {
    if (!previewService || blocks.length === 0) return;
    clearTimeout(timer.current);
    timer.current = setTimeout(async () => {
      try {
        const from = m.today;
        const r = await api<Preview>('POST', '/preview', { blocks, service: previewService, from, to: addDays(from, 34) });
        setPreview(r);
        setPreviewError('');
        setIssues([]);
      } catch (e) {
        if (e instanceof ApiError && e.code === 'config.invalid') setIssues(e.issues);
        setPreviewError(e instanceof Error ? e.message : String(e));
      }
    }, 400);
    return () => clearTimeout(timer.current);
  }, [blocks, previewService]);

  if (m.role !== 'system-admin') return <ErrorBox error={new Error(L('この画面はシステム管理者のみ利用できます。', 'System administrators only.'))} />;

  const kindOf = (k: string) => kinds.find((x) => x.kind === k);
  const kindTitle = (k: string) => (kindOf(k) ? L(kindOf(k)!.title, kindOf(k)!.titleEn) : k);
  const run = async (fn: () => Promise<void>) => {
    setError(null);
    setMsg('');
    try {
      await fn();
    } catch (e) {
      if (e instanceof ApiError && e.code === 'config.invalid') setIssues(e.issues);
      setError(e);
    }
  };
  const save = () =>
    run(async () => {
      await api('POST', '/config', { blocks });
      setIssues([]);
      setHasDraft(true);
      setDirty(false);
      setMsg(L('下書きを保存しました。まだ公開されていません。', 'Draft saved. Not published yet.'));
    });
  const discard = () =>
    run(async () => {
      await api('DELETE', '/config/draft');
      await loadConfig();
      setIssues([]);
      setMsg(L('下書きを破棄しました。', 'Draft discarded.'));
    });
  // 公開する happens on the review page (what changes, whom it affects); unsaved edits are saved as the draft first.
  const review = () =>
    run(async () => {
      if (dirty) await api('POST', '/config', { blocks });
      go('publish');
    });
  const rollback = (version: string) =>
    run(async () => {
      const body = { ...(confirmed && impact?.action === version ? { confirm: true } : {}) };
      let r: { version: string };
      try {
        r = await api<{ version: string }>('POST', `/versions/${encodeURIComponent(version)}/rollback`, body);
      } catch (e) {
        if (e instanceof ApiError && e.code === 'config.impact_unconfirmed') {
          setConfirmed(false);
          setImpact({ bookings: (e.details.bookings as Impacted[]) ?? [], action: version });
        }
        throw e;
      }
      setImpact(null);
      setConfirmed(false);
      await Promise.all([loadConfig(), loadVersions()]);
      setMsg(L(`公開しました（${r.version}）。`, `Published (${r.version}).`));
    });
  const fromRecipe = (e: Event) => {
    e.preventDefault();
    void run(async () => {
      if (dirty) await api('POST', '/config', { blocks });
      const r = await api<{ added: { kind: string; id: string }[] }>('POST', `/recipes/${encodeURIComponent(recipe.id)}`, { serviceId: recipe.serviceId, ...(recipe.title ? { title: recipe.title } : {}) });
      setPreviewService(recipe.serviceId);
      await loadConfig({ kind: 'service', id: recipe.serviceId });
      setMsg(L(`レシピから ${r.added.length} 個のブロックを下書きに追加しました。`, `Added ${r.added.length} blocks to the draft.`));
    });
  };
  const showDiff = (a: string, b: string) =>
    run(async () => {
      const r = await api<{ diff: Change[] }>('GET', `/versions/diff?a=${encodeURIComponent(a)}&b=${encodeURIComponent(b)}`);
      setDiff({ label: `${a} → ${b}`, changes: r.diff });
    });
  const change = (i: number, b: Record<string, unknown>) => {
    setBlocks(blocks.map((x, j) => (j === i ? (b as Block) : x)));
    setDirty(true);
  };
  const order = blocks.map((b, i) => ({ b, i })).sort((x, y) => (x.b.kind === 'service' ? 0 : 1) - (y.b.kind === 'service' ? 0 : 1) || x.i - y.i);
  const selected = blocks[sel];
  const blockIssues = (i: number) => issues.filter((x) => x.path.startsWith(`/blocks/${i}/`) || x.path === `/blocks/${i}`).length;

  return (
    <section class="builder">
      <h1>{L('予約フローの作成・公開', 'Build and publish')}</h1>
      <p class="b-new">
        <a class="button primary" href={href('wizard')}>
          ＋ {L('新しいサービスを作る（質問に答えて作成）', 'Create a new service (guided)')}
        </a>{' '}
        <small class="hint">{L('下のブロック編集は、細かい設定をする方向けです。', 'The block editor below is for detailed settings.')}</small>
      </p>
      <p class="b-status" data-testid="builder-status">
        {L('公開中の版', 'Serving')}: <code>{served}</code> ／ {hasDraft || dirty ? L('下書きあり', 'Draft pending') : L('下書きなし', 'No draft')}
        {dirty && <strong> {L('（未保存の変更があります）', '(unsaved changes)')}</strong>}
      </p>
      {issues.length > 0 && (
        <div class="error" role="alert" data-testid="issue-summary">
          <p>{L(`設定に誤りがあります（${issues.length}件）。該当する項目の横に表示しています。`, `${issues.length} problem(s); shown next to each field.`)}</p>
          <ul>
            {issues.map((i) => {
              const n = Number(/^\/blocks\/(\d+)/.exec(i.path)?.[1] ?? -1);
              return (
                <li key={i.path + i.code}>
                  {n >= 0 && blocks[n] ? (
                    <button type="button" class="link" onClick={() => setSel(n)}>
                      {kindTitle(blocks[n].kind)} {blocks[n].id}
                    </button>
                  ) : null}{' '}
                  <code>{i.path.replace(/^\/blocks\/\d+/, '')}</code> {i.message}
                </li>
              );
            })}
          </ul>
        </div>
      )}
      {error && !(error instanceof ApiError && (error.code === 'config.invalid' || error.code === 'config.impact_unconfirmed')) ? <ErrorBox error={error} /> : null}
      {msg && (
        <p class="ok" role="status">
          {msg}
        </p>
      )}
      <div class="b-grid">
        <aside class="b-list">
          <h2>{L('サービスとブロック', 'Services and blocks')}</h2>
          <ul>
            {order.map(({ b, i }) => (
              <li key={`${b.kind}/${b.id}`}>
                <button type="button" class={`link${i === sel ? ' b-selected' : ''}`} aria-current={i === sel ? 'true' : undefined} onClick={() => setSel(i)}>
                  {kindTitle(b.kind)}: {b.title ?? b.id} <small>({b.id})</small>
                  {blockIssues(i) > 0 && <span class="badge-bad"> ⚠{blockIssues(i)}</span>}
                </button>
              </li>
            ))}
          </ul>
          <form class="b-recipe" onSubmit={fromRecipe}>
            <h2>{L('レシピから作成', 'Create from recipe')}</h2>
            <label for="recipe-id">{L('レシピ', 'Recipe')}</label>
            <select id="recipe-id" value={recipe.id} onChange={(e) => setRecipe({ ...recipe, id: (e.currentTarget as HTMLSelectElement).value })}>
              {recipes.map((r) => (
                <option key={r.id} value={r.id}>
                  {r.title}
                </option>
              ))}
            </select>
            <small class="hint">{recipes.find((r) => r.id === recipe.id)?.description}</small>
            <label for="recipe-service">{L('サービスID（半角英小文字・数字・-）', 'Service id')}</label>
            <input id="recipe-service" value={recipe.serviceId} onInput={(e) => setRecipe({ ...recipe, serviceId: (e.currentTarget as HTMLInputElement).value })} required />
            <label for="recipe-title">{L('サービス名', 'Service title')}</label>
            <input id="recipe-title" value={recipe.title} onInput={(e) => setRecipe({ ...recipe, title: (e.currentTarget as HTMLInputElement).value })} />
            <button type="submit">{L('レシピから作成', 'Create from recipe')}</button>
          </form>
        </aside>
        <div class="b-editor">
          {selected && kindOf(selected.kind) ? (
            <form onSubmit={(e) => (e.preventDefault(), save())} data-testid="block-editor">
              <h2>
                {kindTitle(selected.kind)}: {selected.id}
              </h2>
              <BlockEditor key={`${sel}/${selected.kind}/${selected.id}`} schema={kindOf(selected.kind)!.schema} block={selected} base={`/blocks/${sel}`} issues={issues} onChange={(b) => change(sel, b)} />
            </form>
          ) : (
            <p>{L('左の一覧から編集するブロックを選んでください。', 'Choose a block to edit.')}</p>
          )}
          <div class="b-actions">
            <button type="button" onClick={save} disabled={!dirty}>
              {L('下書きを保存', 'Save draft')}
            </button>
            <button type="button" class="link" onClick={discard} disabled={!hasDraft}>
              {L('下書きを破棄', 'Discard draft')}
            </button>
          </div>
          <section class="b-publish">
            <h2>{L('公開', 'Publish')}</h2>
            {impact && (
              <div class="error" role="alert" data-testid="impact">
                <p>{L(`この変更は既存の予約 ${impact.bookings.length} 件に影響します。`, `This change affects ${impact.bookings.length} booking(s).`)}</p>
                <table>
                  <thead>
                    <tr>
                      <th>{L('受付番号', 'Receipt')}</th>
                      <th>{L('サービス', 'Service')}</th>
                      <th>{L('窓口', 'Resource')}</th>
                      <th>{L('日時', 'Start')}</th>
                      <th>{L('理由', 'Reason')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {impact.bookings.map((b) => (
                      <tr key={b.receiptNo}>
                        <td>{b.receiptNo}</td>
                        <td>{b.service}</td>
                        <td>{b.resource}</td>
                        <td>{b.start.slice(0, 16).replace('T', ' ')}</td>
                        <td>{L(...(REASONS[b.reason] ?? [b.reason, b.reason]))}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
                <label>
                  <input type="checkbox" checked={confirmed} onChange={(e) => setConfirmed((e.currentTarget as HTMLInputElement).checked)} />{' '}
                  {L('影響する予約を確認しました。公開します。', 'I have reviewed the affected bookings.')}
                </label>
              </div>
            )}
            <p class="hint">{L('公開する前に、変わることと影響する予約を確認する画面を開きます。', 'Opens the review of what changes and whom it affects.')}</p>
            <button type="button" class="primary" onClick={review} disabled={!hasDraft && !dirty}>
              {L('公開前の確認へ', 'Review and publish')}
            </button>
          </section>
          <section class="b-versions">
            <h2>{L('版の履歴', 'Versions')}</h2>
            <table>
              <tbody>
                {versions.map((v) => (
                  <tr key={v.id}>
                    <td>
                      <code>{v.id}</code> {v.current && <strong>{L('（公開中）', '(serving)')}</strong>}
                    </td>
                    <td>{new Date(v.createdAt).toLocaleString(lang.value === 'en' ? 'en-GB' : 'ja-JP', { timeZone: m.tenant.timeZone })}</td>
                    <td>{v.createdBy}</td>
                    <td>
                      <button type="button" class="link" onClick={() => showDiff(v.id, served)}>
                        {L('公開中との差分', 'Diff with serving')}
                      </button>{' '}
                      {!v.current && (
                        <button type="button" class="link" onClick={() => rollback(v.id)} disabled={!!impact && impact.action === v.id && !confirmed}>
                          {L('この版に戻す', 'Roll back to this')}
                        </button>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            {diff && <DiffView label={diff.label} changes={diff.changes} />}
          </section>
        </div>
        <aside class="b-preview" data-testid="preview">
          <h2>{L('プレビュー（下書き）', 'Preview (draft)')}</h2>
          <label for="preview-service">{L('サービス', 'Service')}</label>
          <select id="preview-service" value={previewService} onChange={(e) => setPreviewService((e.currentTarget as HTMLSelectElement).value)}>
            {blocks
              .filter((b) => b.kind === 'service')
              .map((b) => (
                <option key={b.id} value={b.id}>
                  {b.title}
                </option>
              ))}
          </select>
          {previewError && <p class="error">{L('プレビューできません: ', 'Cannot preview: ')}{previewError}</p>}
          {preview && <PreviewPanel p={preview} />}
        </aside>
      </div>
    </section>
  );
}

function DiffView({ label, changes }: { label: string; changes: Change[] }) {
  return (
    <div class="b-diff" data-testid="diff">
      <h3>{label}</h3>
      {changes.length === 0 && <p>{L('差分はありません。', 'No differences.')}</p>}
      <ul>
        {changes.map((c) => (
          <li key={`${c.kind}/${c.id}`}>
            <strong>
              {c.kind}/{c.id}
            </strong>{' '}
            {c.change === 'added' ? L('追加', 'added') : c.change === 'removed' ? L('削除', 'removed') : L('変更', 'changed')}
            {c.changes && (
              <ul>
                {c.changes.map((x) => (
                  <li key={x.path}>
                    <code>{x.path}</code>: <del>{JSON.stringify(x.before)}</del> → <ins>{JSON.stringify(x.after)}</ins>
                  </li>
                ))}
              </ul>
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}

/** The resident form (drawn by the resident runtime, inert) and a ○/×/休 grid of the first open days. */
