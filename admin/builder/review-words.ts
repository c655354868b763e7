// What a publish changes, in words a clerk reads: 「健康相談」を追加（サービス）,
// 「保健センター」の受付時間を「毎月第2・第4火曜日 13:00〜16:00」から「毎月第2・第4水曜日 13:00〜16:00」に変更,
// 「相談の予約」の許容申込数を2から4に変更. Property names come from the kinds'
// Japanese labels; opening hours are said with the recurrence words.
import { describeRule } from './schedule';

export interface ValueChange {
  path: string;
  before?: unknown;
  after?: unknown;
}

export interface BlockChange {
  kind: string;
  id: string;
  change: 'added' | 'removed' | 'changed';
  changes: ValueChange[];
}

export interface Wording {
  /** Japanese name of a kind (サービス, カレンダー…). */
  kind(kind: string): string;
  /** Japanese label of a property at a pointer inside a block of that kind. */
  label(kind: string, pointer: string): string;
  titles: Record<string, string>;
}

const unescape = (s: string) => s.replace(/~1/g, '/').replace(/~0/g, '~');

function value(v: unknown): string | undefined {
  if (typeof v === 'boolean') return v ? 'あり' : 'なし';
  if (typeof v === 'number') return String(v);
  if (typeof v === 'string') return v.length > 40 ? undefined : `「${v}」`;
  return undefined;
}

function hours(list: unknown): string | undefined {
  if (!Array.isArray(list)) return undefined;
  const words = list.map((r) => (r && typeof r === 'object' ? describeRule(r as never) : '')).filter(Boolean);
  return words.length ? `「${words.join('、')}」` : undefined;
}

/** Sentences for one changed block, one per property changed at its top level. */
export function changeSentences(c: BlockChange, w: Wording, blocks: { before: Record<string, unknown> | undefined; after: Record<string, unknown> | undefined }): string[] {
  const title = w.titles[`${c.kind}/${c.id}`] ?? c.id;
  const noun = w.kind(c.kind);
  if (c.change === 'added') return [`「${title}」を追加（${noun}）`];
  if (c.change === 'removed') return [`「${title}」を削除（${noun}）`];
  const top = new Map<string, ValueChange[]>();
  for (const x of c.changes) {
    const k = unescape(x.path.split('/')[1] ?? '');
    top.set(k, [...(top.get(k) ?? []), x]);
  }
  const out: string[] = [];
  for (const [k, list] of top) {
    const label = w.label(c.kind, `/${k}`);
    const before = blocks.before?.[k];
    const after = blocks.after?.[k];
    if (k === 'title' && typeof before === 'string' && typeof after === 'string') {
      out.push(`「${before}」の名前を「${after}」に変更（${noun}）`);
      continue;
    }
    if (before === undefined) {
      out.push(`「${title}」の${label}を設定`);
      continue;
    }
    if (after === undefined) {
      out.push(`「${title}」の${label}をなくす`);
      continue;
    }
    const [b, a] = k === 'weekly' ? [hours(before), hours(after)] : [value(before), value(after)];
    if (b !== undefined && a !== undefined) out.push(`「${title}」の${label}を${b}から${a}に変更`);
    else if (list.length === 1 && list[0]!.path.split('/').length > 2) {
      // One value deep inside (e.g. the opening time of one rule): name that value.
      const x = list[0]!;
      const inner = w.label(c.kind, x.path);
      const vb = value(x.before);
      const va = value(x.after);
      out.push(vb !== undefined && va !== undefined ? `「${title}」の${label}（${inner}）を${vb}から${va}に変更` : `「${title}」の${label}を変更`);
    } else out.push(`「${title}」の${label}を変更`);
  }
  return out;
}
