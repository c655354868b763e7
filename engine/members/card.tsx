// 利用者登録証 of a member: the card component of engine/print with the member's number,
// name and kind, issued by the municipality, as an A4 sheet or at card size.
import type { MemberRow } from '../auth/member-session';
import type { PublishedTenant } from '../config/tenant';
import type { Db } from '../db';
import { localDateJa } from '../notify/format';
import { epochToLocal } from '../schedule/time';
import { registrationCardDocument, type CardLine, type CardSize } from '../print/registration-card';
import { memberFieldsOf } from './fields';
import { groupPeople } from './groups';

const T = {
  ja: { title: '利用者登録証', number: '会員番号', kind: '会員種別', individual: '個人', group: '団体', representative: '代表者', registered: '登録日', issued: '発行日', barcode: 'バーコード', print: '印刷する', note: 'ご予約や窓口でのお手続きの際にお持ちください。電話でのご予約では会員番号をお伝えください。' },
  en: { title: 'User registration card', number: 'Member no.', kind: 'Type', individual: 'Individual', group: 'Group', representative: 'Representative', registered: 'Registered', issued: 'Issued', barcode: 'Barcode', print: 'Print', note: 'Please bring this card when you book or visit the office. When booking by phone, give your member number.' },
};

export async function memberCardHtml(db: Db, published: PublishedTenant, m: MemberRow, opts: { size: CardSize; lang: 'ja' | 'en'; now: number; timeZone: string }): Promise<string> {
  const t = T[opts.lang];
  const mf = memberFieldsOf(published.tenant);
  const label = (item: 'name' | 'kana') => {
    const l = mf.label(item, m.kind);
    return opts.lang === 'en' ? l.labelEn : l.label;
  };
  const date = (ms: number) => (opts.lang === 'en' ? epochToLocal(ms, opts.timeZone).date : localDateJa(ms, opts.timeZone));
  const lines: CardLine[] = [{ label: label('name'), value: m.name ?? '' }];
  if (m.nameKana) lines.push({ label: label('kana'), value: m.nameKana });
  lines.push({ label: t.kind, value: m.kind === 'group' ? t.group : t.individual });
  if (m.kind === 'group') {
    const rep = (await groupPeople(db, published.tenant.slug, m.id)).find((p) => p.role === 'representative')?.name ?? (JSON.parse(m.profileJson) as { representative?: string }).representative;
    if (rep) lines.push({ label: t.representative, value: rep });
  }
  lines.push({ label: t.registered, value: date(m.createdAt) });
  return registrationCardDocument({ published, ...opts, words: t, number: m.memberNo, lines });
}
