// The csv-export baseline: GET /ledger.csv?date=… on the bare server streams the
// bench ledger (csv-export-data.ts) as the same bytes as the engine's
// GET /api/admin/t/csv-town/ledger.csv (BOM, Japanese header, option labels, local
// times, formula escaping, Excel quoting, CRLF), written plainly for this one
// tenant: one query, one string per row, 500 rows per stream chunk (as the engine). No session,
// no filters, no count, no audit row. The bench checks the bytes are identical.
import Database from 'better-sqlite3';
import { Hono } from 'hono';

const HEADER = '受付番号,状態,サービス,場所,来店日,時刻,人数,会員番号,来場,来場時刻,住基カード回収,対応内容,受付経路,申込日時,更新日時,取消日時,氏名,電話番号,住基カードの有無\r\n';

// Asia/Tokyo has had no DST since 1951: local time is UTC+9.
const local = (ms: number | null) => (ms === null ? '' : new Date(ms + 9 * 3_600_000).toISOString().slice(0, 16).replace('T', ' '));
const hhmm = (ms: number) => new Date(ms + 9 * 3_600_000).toISOString().slice(11, 16);

/** Excel-safe text: formula starters get a leading ', then quoted when it holds " , CR LF BOM or edge spaces. */
function text(v: string | null | undefined): string {
  if (v === null || v === undefined) return '';
  const s = /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
  return /[",\r\n\uFEFF]|^ | $/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

interface Row {
  receipt_no: string;
  status: string;
  slot_start: number;
  slot_end: number;
  slot_date: string;
  seats: number;
  answers_json: string;
  channel: string;
  created_at: number;
  updated_at: number;
  cancelled_at: number | null;
  member_no: string | null;
  visit_status: string | null;
  visited_at: number | null;
  items_json: string | null;
  note: string | null;
}

function line(r: Row): string {
  const a = JSON.parse(r.answers_json) as { name?: string; phone?: string; jukiCard?: string };
  return [
    text(r.receipt_no),
    r.status === 'confirmed' ? '予約' : '取消',
    '交付予約',
    '本庁舎窓口',
    r.slot_date,
    `${hhmm(r.slot_start)}〜${hhmm(r.slot_end)}`,
    '', // 人数: the service has no seatsField (it counts bookings), so the engine leaves it blank
    text(r.member_no),
    r.visit_status === 'visited' ? '来場' : r.visit_status === 'no-show' ? '不来場' : '',
    local(r.visited_at),
    r.items_json && (JSON.parse(r.items_json) as Record<string, unknown>)['juki-card'] === true ? '済' : '',
    text(r.note),
    r.channel === 'web' ? 'Web' : r.channel === 'staff' ? '職員' : r.channel === 'api' ? 'API' : text(r.channel),
    local(r.created_at),
    local(r.updated_at),
    local(r.cancelled_at),
    text(a.name),
    // A phone cell as the ledger writes it for Excel: ="0…" keeps the leading zero.
    a.phone && /^0[0-9-]*$/.test(a.phone) ? `"=""${a.phone}"""` : text(a.phone),
    text(a.jukiCard),
  ].join(',');
}

export function ledgerCsvRoute(dbPath: string | undefined): Hono {
  return new Hono().get('/ledger.csv', (c) => {
    const db = new Database(dbPath!, { readonly: true, fileMustExist: true });
    const rows = db
      .prepare(
        `SELECT b.receipt_no, b.status, b.slot_start, b.slot_end, b.slot_date, b.seats, b.answers_json, b.channel, b.created_at, b.updated_at, b.cancelled_at,
           m.member_no, v.status AS visit_status, v.visited_at, v.items_json, v.note
         FROM bookings b LEFT JOIN members m ON m.id = b.member_id AND m.tenant_slug = b.tenant_slug LEFT JOIN booking_visits v ON v.booking_id = b.id
         WHERE b.tenant_slug = 'csv-town' AND b.slot_date = ? ORDER BY b.slot_start, b.id`,
      )
      .iterate(c.req.query('date')) as IterableIterator<Row>;
    const encoder = new TextEncoder();
    const body = new ReadableStream<Uint8Array>(
      {
        start(controller) {
          controller.enqueue(encoder.encode(`\uFEFF${HEADER}`));
        },
        pull(controller) {
          let chunk = '';
          for (let i = 0; i < 500; i++) {
            const r = rows.next();
            if (r.done) {
              if (chunk) controller.enqueue(encoder.encode(chunk));
              db.close();
              controller.close();
              return;
            }
            chunk += `${line(r.value)}\r\n`;
          }
          controller.enqueue(encoder.encode(chunk));
        },
        cancel() {
          rows.return?.();
          db.close();
        },
      },
      { highWaterMark: 0 },
    );
    return new Response(body, { headers: { 'content-type': 'text/csv; charset=utf-8', 'cache-control': 'no-store' } });
  });
}
