// 重複登録の警告: a member registered at the desk may already exist (registered
// online, or at another counter). A possible duplicate has the same name, folded
// as the name search folds it (width, kana, spaces, 異体字 髙→高 﨑→崎), and the same
// birthdate or the same phone. Staff see them and may proceed deliberately.
import { foldNameVariantsSql, nameSearchKey } from '../../blocks/form/normalize';
import type { Tx } from '../audit';
import type { Db } from '../db';
import { sqlAll } from '../db';
import { jsonText } from '../db/dialect';

export interface DuplicateProbe {
  name?: string | null;
  birthdate?: string | null;
  phone?: string | null;
}

export interface DuplicateCandidate {
  id: string;
  memberNo: string;
  kind: string;
  name: string | null;
  birthdate: string | null;
  phone: string | null;
  status: string;
  /** What matched besides the name. */
  matched: ('birthdate' | 'phone')[];
}

// Keys stored before the 異体字 folding existed are folded here too (as the staff name search does);
// the tenant index narrows the scan, and desk registrations are rare next to bookings.
// What matches besides the name is chosen here, not by `? IS NOT NULL` in SQL (an untyped parameter PostgreSQL cannot infer).
const sqlFor = (byBirthdate: boolean, byPhone: boolean) =>
  `SELECT id, member_no AS "memberNo", kind, name, phone_key AS phone, ${jsonText('profile_json', 'birthdate')} AS birthdate, status
  FROM members WHERE tenant_slug = ? AND status <> 'deleted' AND id <> ?
    AND ${foldNameVariantsSql('name_key')} = ?
    AND (${[...(byBirthdate ? [`${jsonText('profile_json', 'birthdate')} = ?`] : []), ...(byPhone ? ['phone_key = ?'] : [])].join(' OR ')})
  ORDER BY member_no LIMIT 20`;

export async function findPossibleDuplicates(db: Db | Tx, tenant: string, probe: DuplicateProbe, excludeId = ''): Promise<DuplicateCandidate[]> {
  if (!probe.name) return [];
  const birthdate = probe.birthdate || null;
  const phone = probe.phone || null;
  if (!birthdate && !phone) return [];
  const params: unknown[] = [tenant, excludeId, nameSearchKey(probe.name), ...(birthdate ? [birthdate] : []), ...(phone ? [phone] : [])];
  const rows = await sqlAll<Omit<DuplicateCandidate, 'matched'>>(db, sqlFor(!!birthdate, !!phone), params);
  return rows.map((r) => ({
    ...r,
    matched: [...(birthdate && r.birthdate === birthdate ? (['birthdate'] as const) : []), ...(phone && r.phone === phone ? (['phone'] as const) : [])],
  }));
}
