// The lottery's HTTP API (issue 15 contract), contributed through the kind's
// behaviour: resident routes under /api/t/:tenant/lotteries, the staff draw under
// /api/admin/t/:tenant/lotteries (guarded like every console route).
import { Hono, type Context } from 'hono';
import { memberOfSession, sessionCookie } from '../../engine/auth/member-session';
import { EngineError } from '../../engine/core/errors';
import { committed } from '../../engine/db';
import { readJsonObject } from '../../engine/http/body';
import type { AppEnv } from '../../engine/http/context';
import { clientAddress } from '../../engine/http/middleware/rate-limit';
import { tenantMiddleware } from '../../engine/http/middleware/tenant';
import { guard, staffActor, type AdminEnv } from '../../engine/http/routes/admin/guard';
import { answersOfMember } from '../../engine/members/fields';
import { writeAudit } from '../../engine/audit';
import { csvLinesKeepingText } from '../../engine/export/csv';
import { csvDownload, refuseUnencodable } from '../../engine/export/cp932';
import { LEDGER_ENCODINGS, type LedgerEncoding } from '../../engine/export/ledger';
import { statusLabel } from '../../engine/booking/status';
import { epochToLocal } from '../../engine/schedule/time';
import type { Cell } from '../../engine/staff/columns';
import type { CompiledService } from '../service/block';
import { inScope } from '../../engine/staff/roles';
import { lotteryPages } from './pages';
import { applyEntry, confirmWin, drawLottery, entryView, findEntry, findLottery, getResult, listEntries, listLotteries, staffLotteries, withdrawEntry, type EntryAuth } from './store';

const DRAW_ROLES = ['system-admin', 'facility-manager'] as const;

async function member(c: Context<AppEnv>) {
  const { db, clock } = c.get('deps');
  return memberOfSession(db, c.get('published').tenant.slug, sessionCookie.read(c), clock.now().getTime());
}

/** A member session opens the member's own entries; otherwise X-Access-Key, under the failure limiter. */
async function withAuth<T>(c: Context<AppEnv>, run: (auth: EntryAuth) => T | Promise<T>): Promise<T> {
  const m = await member(c);
  const key = c.req.header('x-access-key');
  if (m && !key) return await run({ kind: 'member', memberId: m.id });
  const { limiter, clock } = c.get('deps');
  const lk = `${c.get('published').tenant.slug}|${clientAddress(c)}`;
  const now = clock.now().getTime();
  if (!(await limiter.reserve(lk, now))) throw new EngineError('http.rate_limited', { retryAfter: await limiter.retryAfter(lk, now) });
  let wrong = false;
  try {
    return await run({ kind: 'access-key', key });
  } catch (e) {
    wrong = e instanceof EngineError && e.code === 'lottery.entry_not_found';
    throw e;
  } finally {
    if (!wrong) await limiter.release(lk, now);
  }
}

const actorOf = async (c: Context<AppEnv>) => {
  const m = await member(c);
  return m ? { type: 'member' as const, id: m.id, ip: clientAddress(c) } : { type: 'resident' as const, ip: clientAddress(c) };
};

export function mountLotteryRoutes(app: Hono<AppEnv>): void {
  app.get('/api/t/:tenant/lotteries', async (c) => c.json({ lotteries: await listLotteries(c.get('deps'), c.get('published')) }));
  app.post('/api/t/:tenant/lotteries/:id/entries', async (c) => {
    const body = await readJsonObject(c, ['choices', 'answers']);
    const deps = c.get('deps');
    const m = await member(c);
    const actor = await actorOf(c);
    const res = await committed(deps.db, () =>
      applyEntry(deps, {
        published: c.get('published'),
        lotteryId: c.req.param('id'),
        choices: body.choices,
        answers: body.answers ?? {},
        ...(m ? { memberId: m.id, member: answersOfMember(m) } : {}),
        actor,
        channel: 'api',
      }),
    );
    return c.json(res, 201);
  });
  app.get('/api/t/:tenant/lotteries/:id/entries/:entryNo', async (c) => {
    const published = c.get('published');
    const { db } = c.get('deps');
    const l = findLottery(published, c.req.param('id'));
    const row = await withAuth(c, (auth) => findEntry(db, published.tenant.slug, l, c.req.param('entryNo'), auth));
    return c.json(await entryView(db, row));
  });
  app.delete('/api/t/:tenant/lotteries/:id/entries/:entryNo', async (c) => {
    const deps = c.get('deps');
    const actor = await actorOf(c);
    const view = await withAuth(c, (auth) =>
      committed(deps.db, () => withdrawEntry(deps, { published: c.get('published'), lotteryId: c.req.param('id'), entryNo: c.req.param('entryNo'), auth, actor })),
    );
    return c.json(view);
  });
  app.post('/api/t/:tenant/lotteries/:id/entries/:entryNo/confirm', async (c) => {
    const deps = c.get('deps');
    const actor = await actorOf(c);
    const view = await withAuth(c, (auth) =>
      committed(deps.db, () => confirmWin(deps, { published: c.get('published'), lotteryId: c.req.param('id'), entryNo: c.req.param('entryNo'), auth, actor })),
    );
    return c.json(view);
  });
  app.get('/api/t/:tenant/lotteries/:id/result', async (c) => c.json(await getResult(c.get('deps'), c.get('published'), c.req.param('id'))));

  const admin = app as unknown as Hono<AdminEnv>;
  admin.use('/api/admin/t/:tenant/lotteries/*', tenantMiddleware as never);
  const scoped = (c: Context<AdminEnv>) => {
    const l = findLottery(c.get('published'), c.req.param('id') ?? '');
    if (!inScope(c.get('staff'), l.service)) throw new EngineError('staff.out_of_scope', { service: l.service });
  };
  admin.post('/api/admin/t/:tenant/lotteries/:id/draw', guard(DRAW_ROLES), async (c) => {
    scoped(c);
    const deps = c.get('deps');
    const result = await committed(deps.db, () => drawLottery(deps, { published: c.get('published'), lotteryId: c.req.param('id'), actor: staffActor(c) }));
    return c.json(result);
  });
  // Paper applications (抽選入力): staff enter an entry until the draw.
  admin.post('/api/admin/t/:tenant/lotteries/:id/entries', guard(), async (c) => {
    scoped(c);
    const body = await readJsonObject(c, ['choices', 'answers']);
    const deps = c.get('deps');
    const res = await committed(deps.db, () =>
      applyEntry(deps, { published: c.get('published'), lotteryId: c.req.param('id'), choices: body.choices, answers: body.answers ?? {}, actor: staffActor(c), channel: 'staff' }),
    );
    return c.json(res, 201);
  });
  admin.get('/api/admin/t/:tenant/lotteries/:id/entries', guard(), async (c) => {
    scoped(c);
    return c.json({ entries: await listEntries(c.get('deps').db, c.get('published'), c.req.param('id')) });
  });
  // Withdrawal and 当選確定 on behalf of a resident (a phone call, a paper form).
  admin.post('/api/admin/t/:tenant/lotteries/:id/entries/:entryNo/withdraw', guard(), async (c) => {
    scoped(c);
    const deps = c.get('deps');
    const view = await committed(deps.db, () =>
      withdrawEntry(deps, { published: c.get('published'), lotteryId: c.req.param('id'), entryNo: c.req.param('entryNo'), auth: { kind: 'staff' }, actor: staffActor(c) }),
    );
    return c.json(view);
  });
  admin.post('/api/admin/t/:tenant/lotteries/:id/entries/:entryNo/confirm', guard(), async (c) => {
    scoped(c);
    const deps = c.get('deps');
    const view = await committed(deps.db, () =>
      confirmWin(deps, { published: c.get('published'), lotteryId: c.req.param('id'), entryNo: c.req.param('entryNo'), auth: { kind: 'staff' }, actor: staffActor(c) }),
    );
    return c.json(view);
  });
  // The console's list (抽選): the lotteries of the services in the staff member's scope, with counts.
  admin.get('/api/admin/t/:tenant/lotteries', guard(), async (c) => {
    const published = c.get('published');
    const staff = c.get('staff');
    const deps = c.get('deps');
    return c.json({ lotteries: (await staffLotteries(deps, published)).filter((l) => inScope(staff, l.service)) });
  });
  // CSV of the entries and their outcomes, written as the ledger is: UTF-8 with BOM (default) or
  // CP932 (refused, listing each character, when something cannot be held), formula-safe cells,
  // phone numbers kept as text.
  admin.get('/api/admin/t/:tenant/lotteries/:id/entries.csv', guard(), async (c) => {
    scoped(c);
    const encoding = (c.req.query('encoding') ?? 'utf8-bom') as LedgerEncoding;
    if (!LEDGER_ENCODINGS.includes(encoding)) throw new EngineError('export.bad_encoding');
    const published = c.get('published');
    const { db, clock } = c.get('deps');
    const l = findLottery(published, c.req.param('id'));
    const service = published.tenant.get('service', l.service);
    const fields = service?.form.fields ?? [];
    const tz = service?.calendar.timezone ?? 'Asia/Tokyo';
    const en = c.get('lang') === 'en';
    const L = (ja: string, e: string) => (en ? e : ja);
    const entries = await listEntries(db, published, l.id);
    const choiceCols = Array.from({ length: l.maxChoices }, (_, i) => L(`第${i + 1}希望`, `Choice ${i + 1}`));
    const STATUS: Record<string, [string, string]> = { applied: ['申込中', 'Applied'], won: ['当選', 'Won'], lost: ['落選', 'Lost'], withdrawn: ['取下げ', 'Withdrawn'] };
    const CHANNEL: Record<string, [string, string]> = { web: ['インターネット', 'Web'], api: ['インターネット', 'Web'], staff: ['窓口（抽選入力）', 'Desk (paper)'] };
    const place = (r: string) => {
      const res = service?.calendar.resources.find((x) => x.id === r);
      return res ? (en ? res.titleEn : res.title) : r;
    };
    const when = (iso: string) => {
      const ms = Date.parse(iso);
      if (!Number.isFinite(ms)) return iso;
      const t = epochToLocal(ms, tz);
      return `${t.date} ${t.time}`;
    };
    const header = [L('申込番号', 'Entry'), L('状態', 'Status'), L('優先', 'Tier'), ...choiceCols, L('当選した希望', 'Won choice'), L('受付番号', 'Receipt'), L('予約の状態', 'Booking status'), L('受付経路', 'Channel'), L('申込日時', 'Entered at'), ...fields.map((f) => (en ? f.labelEn ?? f.label : f.label))];
    const textCols = new Set(fields.flatMap((f, i) => (f.type === 'phone' ? [header.length - fields.length + i] : [])));
    const rows: Cell[][] = entries.map((e) => [
      e.entryNo,
      L(...(STATUS[e.status] ?? [e.status, e.status])),
      e.tier,
      ...choiceCols.map((_, i) => (e.choices[i] ? `${place(e.choices[i]!.resource)} ${when(e.choices[i]!.start)}` : null)),
      e.wonChoice === null ? null : e.wonChoice + 1,
      e.receiptNo,
      e.bookingStatus ? statusLabel(e.bookingStatus, en ? 'en' : 'ja') : null,
      L(...(CHANNEL[e.channel] ?? [e.channel, e.channel])),
      when(e.createdAt),
      ...fields.map((f) => {
        const v = e.answers[f.id];
        return v === undefined || v === null ? null : typeof v === 'number' ? v : typeof v === 'string' ? v : JSON.stringify(v);
      }),
    ]);
    const all = [header, ...rows];
    if (encoding === 'cp932') refuseUnencodable(all, 0);
    const text = csvLinesKeepingText(all, textCols);
    await writeAudit(db, { tenant: published.tenant.slug, at: clock.now().getTime(), actor: staffActor(c), action: 'lottery.exported', target: { type: 'lottery', id: l.id }, details: { rows: entries.length, encoding } });
    const enc = encoding === 'cp932' ? 'SJIS' : 'UTF-8';
    const ascii = `lottery-${published.tenant.slug}-${l.id}_${enc}.csv`;
    const name = `抽選_${l.id}_${enc}.csv`;
    return csvDownload(text, encoding, name, ascii);
  });
}

/** The lottery's routes as one app the engine mounts (behaviour.routes). */
export const lotteryRoutes = (() => {
  const app = new Hono<AppEnv>();
  mountLotteryRoutes(app);
  // The resident pages (/t/:tenant/lottery/…) carry their own page context and error pages.
  app.route('/', lotteryPages as unknown as Hono<AppEnv>);
  return app;
})();
