// Database schema (SQLite dialect; kept portable so a PostgreSQL adapter can follow).
//
// Glossary
//   tenant          a municipality; its configuration lives in tenant_versions
//   tenant version  an immutable published set of blocks; bookings record theirs
//   booking         a reservation of one resource slot (受付番号 = receipt_no)
//   unit            a capacity unit; a resource consumes one (A面) or several (全面 = A面 + B面)
//   slot counter    used places per (calendar, unit, slot start); the only place capacity is enforced
//   audit log       append-only record of every state change (who, what, when, from where)
//   idempotency key replays the first response of a retried submission
//   member          a registered resident or group (会員); bookings may belong to one
//
// Instants are epoch milliseconds (UTC); a slot also keeps its local date/time explicitly.
import { sql } from 'drizzle-orm';
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

export const tenants = sqliteTable('tenants', {
  slug: text('slug').primaryKey(),
  currentVersionId: text('current_version_id'),
  createdAt: integer('created_at').notNull(),
  updatedAt: integer('updated_at').notNull(),
});

export const tenantVersions = sqliteTable(
  'tenant_versions',
  {
    id: text('id').primaryKey(),
    tenantSlug: text('tenant_slug').notNull().references(() => tenants.slug),
    seq: integer('seq').notNull(),
    /** Where the blocks came from: the tenants/ folder, the builder, an import or a rollback. */
    source: text('source', { enum: ['folder', 'builder', 'import', 'rollback'] }).notNull(),
    contentHash: text('content_hash').notNull(),
    blocksJson: text('blocks_json').notNull(),
    note: text('note'),
    createdBy: text('created_by'),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [uniqueIndex('tenant_versions_seq').on(t.tenantSlug, t.seq)],
);

/** Registered residents and groups (seed 001 会員登録項目). Which fields are used is set by the member-fields block. */
export const members = sqliteTable(
  'members',
  {
    id: text('id').primaryKey(),
    tenantSlug: text('tenant_slug').notNull().references(() => tenants.slug),
    /** 会員番号 shown to the resident and read out over the phone. */
    memberNo: text('member_no').notNull(),
    kind: text('kind', { enum: ['individual', 'group'] }).notNull().default('individual'),
    loginId: text('login_id'),
    email: text('email'),
    passwordHash: text('password_hash'),
    name: text('name'),
    nameKana: text('name_kana'),
    nameKey: text('name_key'),
    phone: text('phone'),
    phoneKey: text('phone_key'),
    /** Other base items (性別, 生年月日, 住所, FAX, …) and custom items, as the member-fields block defines them. */
    profileJson: text('profile_json').notNull().default('{}'),
    status: text('status', { enum: ['active', 'suspended', 'deleted'] }).notNull().default('active'),
    /** External account link (seed 004: LINE user id), reset by staff when a resident changes accounts. */
    lineUserId: text('line_user_id'),
    emailVerifiedAt: integer('email_verified_at'),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [
    uniqueIndex('members_no').on(t.tenantSlug, t.memberNo),
    uniqueIndex('members_login').on(t.tenantSlug, t.loginId),
    index('members_email').on(t.tenantSlug, t.email),
    index('members_phone').on(t.tenantSlug, t.phoneKey),
    index('members_name').on(t.tenantSlug, t.nameKey),
  ],
);

export const bookings = sqliteTable(
  'bookings',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    tenantSlug: text('tenant_slug').notNull().references(() => tenants.slug),
    receiptNo: text('receipt_no').notNull(),
    serviceId: text('service_id').notNull(),
    calendarId: text('calendar_id').notNull(),
    resourceId: text('resource_id').notNull(),
    slotStart: integer('slot_start').notNull(),
    slotEnd: integer('slot_end').notNull(),
    slotDate: text('slot_date').notNull(),
    slotStartLocal: text('slot_start_local').notNull(),
    status: text('status', { enum: ['confirmed', 'cancelled'] }).notNull(),
    seats: integer('seats').notNull().default(1),
    answersJson: text('answers_json').notNull(),
    /** Normalised contact keys, for quotas and staff search (digits only / lower-case). */
    phoneKey: text('phone_key'),
    emailKey: text('email_key'),
    nameKey: text('name_key'),
    memberId: text('member_id'),
    accessKeyHash: text('access_key_hash'),
    channel: text('channel', { enum: ['web', 'staff', 'api'] }).notNull(),
    versionId: text('version_id').notNull().references(() => tenantVersions.id),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
    cancelledAt: integer('cancelled_at'),
  },
  (t) => [
    uniqueIndex('bookings_receipt').on(t.tenantSlug, t.receiptNo),
    index('bookings_slot').on(t.tenantSlug, t.calendarId, t.slotStart),
    index('bookings_phone').on(t.tenantSlug, t.phoneKey),
    index('bookings_member').on(t.tenantSlug, t.memberId),
  ],
);

/** The units a booking holds, so cancelling gives back exactly what was taken even if the calendar changed since. */
export const bookingUnits = sqliteTable(
  'booking_units',
  {
    bookingId: integer('booking_id').notNull().references(() => bookings.id),
    unit: text('unit').notNull(),
    seats: integer('seats').notNull(),
  },
  (t) => [primaryKey({ columns: [t.bookingId, t.unit] })],
);

export const slotCounters = sqliteTable(
  'slot_counters',
  {
    tenantSlug: text('tenant_slug').notNull(),
    calendarId: text('calendar_id').notNull(),
    unit: text('unit').notNull(),
    slotStart: integer('slot_start').notNull(),
    used: integer('used').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.tenantSlug, t.calendarId, t.unit, t.slotStart] })],
);

export const receiptSequences = sqliteTable('receipt_sequences', {
  tenantSlug: text('tenant_slug').primaryKey(),
  next: integer('next').notNull(),
});

export const auditLog = sqliteTable(
  'audit_log',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    tenantSlug: text('tenant_slug').notNull(),
    at: integer('at').notNull(),
    actorType: text('actor_type', { enum: ['resident', 'member', 'staff', 'system'] }).notNull(),
    actorId: text('actor_id'),
    action: text('action').notNull(),
    targetType: text('target_type'),
    targetId: text('target_id'),
    ip: text('ip'),
    detailsJson: text('details_json').notNull().default('{}'),
  },
  (t) => [index('audit_tenant_at').on(t.tenantSlug, t.at), index('audit_target').on(t.tenantSlug, t.targetType, t.targetId)],
);

/**
 * The first response to an Idempotency-Key. The key itself is not stored (only its hash), and
 * the response is encrypted under it: a replayed booking response carries the access key,
 * which must not sit in the database in clear.
 */
export const idempotencyKeys = sqliteTable(
  'idempotency_keys',
  {
    tenantSlug: text('tenant_slug').notNull(),
    keyHash: text('key_hash').notNull(),
    requestHash: text('request_hash').notNull(),
    status: integer('status').notNull(),
    responseSealed: text('response_sealed').notNull(),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenantSlug, t.keyHash] })],
);

export const nowSql = sql`(CAST(unixepoch('subsec') * 1000 AS INTEGER))`;
