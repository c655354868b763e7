// 施設利用登録証: the registration-card component of engine/print with the permit's
// number, holder, what it covers and its validity, as an A4 sheet or at card size.
// Only a permit in force is printed: a card for an application or a lapsed permit
// would be shown at the counter as if it were valid.
import type { PublishedTenant } from '../../engine/config/tenant';
import { EngineError } from '../../engine/core/errors';
import type { Db } from '../../engine/db';
import { registrationCardDocument, type CardLine, type CardSize } from '../../engine/print/registration-card';
import { sqlGet } from '../../engine/db';
import { unlockWords } from './pages';
import { permitView, type PermitRow } from './store';
import { PERMIT } from './states';

const T = {
  ja: { title: '施設利用登録証', number: '登録番号', permit: '登録', holder: '会員', covers: '対象', valid: '有効期間', issued: '発行日', barcode: 'バーコード', print: '印刷する', note: '対象の施設を利用するときにお持ちください。有効期間が過ぎたら更新の申請をしてください。' },
  en: { title: 'Facility-use permit', number: 'Permit no.', permit: 'Permit', holder: 'Holder', covers: 'Covers', valid: 'Valid', issued: 'Issued', barcode: 'Barcode', print: 'Print', note: 'Please bring this card when you use the facility. Apply to renew it before it expires.' },
};

export async function permitCardHtml(db: Db, published: PublishedTenant, row: PermitRow, opts: { size: CardSize; lang: 'ja' | 'en'; now: number; timeZone: string; today: string }): Promise<string> {
  const t = T[opts.lang];
  const view = permitView(published, row, opts.today);
  if (view.status !== PERMIT.approved) throw new EngineError('permit.card_not_in_force', { permitNo: row.permitNo, status: view.statusLabel, statusEn: view.statusLabelEn });
  const permit = published.tenant.get('permit', row.permitId);
  const holder = await sqlGet<{ no: string; name: string | null }>(db, 'SELECT member_no AS no, name FROM members WHERE id = ?', [row.memberId]);
  // Few, short lines: at card size (85.6 × 54 mm) everything fits on one face.
  const day = (d: string) => (opts.lang === 'en' ? d : `${Number(d.slice(0, 4))}年${Number(d.slice(5, 7))}月${Number(d.slice(8, 10))}日`);
  const lines: CardLine[] = [
    { label: t.permit, value: opts.lang === 'en' ? view.titleEn : view.title },
    { label: t.holder, value: `${holder?.no ?? ''} ${holder?.name ?? ''}`.trim() },
    ...(permit ? [{ label: t.covers, value: permit.unlocks.map((u) => unlockWords(published, u, opts.lang)).join(opts.lang === 'en' ? '; ' : '、') }] : []),
    { label: t.valid, value: `${day(view.validFrom!)} 〜 ${day(view.validUntil!)}` },
  ];
  return registrationCardDocument({ published, ...opts, words: t, number: row.permitNo, lines });
}
