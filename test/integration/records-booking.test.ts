// A workflow that follows bookings: a card-pickup booking whose answer is a record's
// link code moves the record to 来場予約 in the booking's transaction.
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { registry } from '../../blocks';
import { insertRecords } from '../../blocks/record/store';
import { bookSlot } from '../../engine/booking/book';
import { loadTenantBlocks, loadTenantDir } from '../../engine/config/load-tenant';
import { publishVersion } from '../../engine/config/versions';
import { createFixedClock } from '../../engine/core/clock';
import { isEngineError } from '../../engine/core/errors';
import { openDb } from '../../engine/db';
import { bookings, recordHistory, records } from '../../engine/db/schema';
import { repoRoot } from '../helpers/server-process';

function setup() {
  const demo = loadTenantDir(join(repoRoot, 'tenants/demo-city'), registry);
  const blocks = JSON.parse(JSON.stringify(demo.tenant!.blocks)) as Record<string, any>[];
  blocks.find((b) => b.kind === 'form' && b.id === 'card-pickup-form')!.fields.push({ id: 'linkCode', type: 'text', label: '引換番号' });
  blocks.find((b) => b.kind === 'workflow')!.follow = { service: 'card-pickup', answer: 'linkCode', booked: 'booked' };
  const loaded = loadTenantBlocks('demo-city', blocks, registry);
  if (!loaded.tenant) throw new Error(JSON.stringify(loaded.issues));
  const clock = createFixedClock('2026-12-01T01:00:00Z');
  const db = openDb(':memory:');
  const v = publishVersion(db, loaded.tenant, { source: 'folder', clock });
  const published = { versionId: v.id, seq: v.seq, tenant: loaded.tenant };
  const rt = loaded.tenant.get('record', 'mynumber-card')!;
  const wf = loaded.tenant.list('workflow').find((w) => w.record === rt.id)!;
  db.transaction((tx) =>
    insertRecords(tx, { tenant: 'demo-city', rt, wf, rows: ['N-1', 'N-2'].map((key) => ({ key, fields: { 'card-no': key, name: key } })), actor: { type: 'system' }, at: clock.now().getTime() }),
  );
  const rec = (key: string) => db.select().from(records).where(eq(records.key, key)).get()!;
  db.update(records).set({ state: 'notified' }).where(eq(records.key, 'N-1')).run();
  let n = 0;
  const book = (code?: string) =>
    bookSlot(
      { db, clock },
      {
        published,
        serviceId: 'card-pickup',
        resource: 'honcho',
        start: `2026-12-03T${['09:00', '09:30', '10:00', '10:30'][n]}:00+09:00`,
        answers: { name: `予約 ${n}`, phone: `0900000000${n++}`, jukiCard: 'なし', ...(code !== undefined ? { 'linkCode': code } : {}) },
        actor: { type: 'resident' },
        channel: 'web',
      },
    ).body;
  const refusal = (f: () => unknown) => {
    try {
      f();
    } catch (e) {
      if (isEngineError(e)) return { code: e.code, paths: e.issues?.map((i) => [i.path, i.code]) };
      throw e;
    }
    throw new Error('not refused');
  };
  return { db, rec, book, refusal };
}

describe('a workflow following bookings by link code', () => {
  it('moves the record to 来場予約 with a system history entry naming the receipt', () => {
    const { db, rec, book } = setup();
    const res = book(rec('N-1').linkCode!.toLowerCase());
    expect(rec('N-1').state).toBe('booked');
    const last = db.select().from(recordHistory).where(eq(recordHistory.recordId, rec('N-1').id)).all().at(-1)!;
    expect(last).toMatchObject({ fromState: 'notified', toState: 'booked', operator: 'system', inputsJson: JSON.stringify({ receiptNo: res.receiptNo }) });
  });

  it('refuses an unknown code at its answer and a record that cannot be booked, booking nothing; no code books as before', () => {
    const { db, rec, book, refusal } = setup();
    expect(refusal(() => book('ZZZZZZZZZZ'))).toEqual({ code: 'input.invalid', paths: [['/answers/linkCode', 'record.unknown_link_code']] });
    // N-2 is still カード到着: not yet notified.
    expect(refusal(() => book(rec('N-2').linkCode!))).toMatchObject({ code: 'record.link_code_used' });
    expect(rec('N-2').state).toBe('arrived');
    expect(db.select().from(bookings).all()).toHaveLength(0);
    book();
    expect(db.select().from(bookings).all()).toHaveLength(1);
  });
});
