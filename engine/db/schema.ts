// Database schema: one description for SQLite and PostgreSQL (engine/db/dialect.ts builds the tables).
//
// Glossary
//   tenant          a municipality; its configuration lives in tenant_versions
//   tenant version  an immutable published set of blocks; bookings record theirs
//   booking         a reservation of one resource slot (受付番号 = receipt_no); its state is one of
//                   engine/booking/status.ts, changed only by transition() with a booking_history row
//   unit            a capacity unit; a resource consumes one (A面) or several (全面 = A面 + B面)
//   slot counter    used places per (calendar, unit, slot start); the only place capacity is enforced
//   audit log       append-only record of every state change (who, what, when, from where)
//   idempotency key replays the first response of a retried submission
//   member          a registered resident or group (会員); bookings may belong to one
//   outbox          notification_outbox: one message to one recipient on one channel, written in the
//                   same transaction as the state change it reports; the notifier worker delivers it
//   delivery key    UUID of an outbox row, reused on every retry as the channel's idempotency key
//                   (email Message-ID, LINE X-Line-Retry-Key, webhook X-Muni-Delivery)
//   delivery attempt notification_attempts: one try of an outbox row and its outcome
//
// Instants are epoch milliseconds (UTC); a slot also keeps its local date/time explicitly.
import { sql } from 'drizzle-orm';
import { index, integer, primaryKey, table as sqliteTable, text, uniqueIndex } from './dialect';
import { BOOKING_STATUSES } from '../booking/status';

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
    /** Groups only (kind 'group'): staff approval (申請中 / 承認 / 却下); null on rows made before it = applied. */
    groupStatus: text('group_status', { enum: ['applied', 'approved', 'rejected'] }),
    groupReason: text('group_reason'),
    groupDecidedAt: integer('group_decided_at'),
    /** 減免区分 staff set on an approved group: the id of a fee reduction. */
    groupReduction: text('group_reduction'),
    /** 登録抹消: when staff deregistered the member (status 'deleted'), and when its personal data is purged. */
    deregisteredAt: integer('deregistered_at'),
    purgeAfter: integer('purge_after'),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [
    uniqueIndex('members_no').on(t.tenantSlug, t.memberNo),
    uniqueIndex('members_login').on(t.tenantSlug, t.loginId),
    index('members_email').on(t.tenantSlug, t.email),
    index('members_phone').on(t.tenantSlug, t.phoneKey),
    index('members_name').on(t.tenantSlug, t.nameKey),
    // The housekeeping purge scans only deregistered members waiting for it.
    index('members_purge').on(t.purgeAfter).where(sql`purge_after IS NOT NULL`),
  ],
);

/** A group's people (団体の構成員): individual members linked to a group member; one of them may be its 代表者. */
export const groupMembers = sqliteTable(
  'group_members',
  {
    tenantSlug: text('tenant_slug').notNull(),
    groupId: text('group_id').notNull().references(() => members.id),
    memberId: text('member_id').notNull().references(() => members.id),
    role: text('role', { enum: ['representative', 'member'] }).notNull(),
    addedAt: integer('added_at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.groupId, t.memberId] }),
    index('group_members_member').on(t.memberId),
    // At most one 代表者 per group.
    uniqueIndex('group_members_representative').on(t.groupId).where(sql`role = 'representative'`),
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
    /** The lifecycle state (engine/booking/status.ts). */
    status: text('status', { enum: BOOKING_STATUSES }).notNull(),
    /** Whether the booking's units are counted in slot_counters now (set only by transition()). */
    holdsCapacity: integer('holds_capacity', { mode: 'boolean' }).notNull().default(true),
    /** Until when the current state holds (payment, offer, review deadline); null = no deadline. */
    deadlineAt: integer('deadline_at'),
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
    /** Several slots booked together (複数枠の一括予約): the receipt number of the first, on every one of them. */
    bundleNo: text('bundle_no'),
  },
  (t) => [
    uniqueIndex('bookings_receipt').on(t.tenantSlug, t.receiptNo),
    index('bookings_bundle').on(t.tenantSlug, t.bundleNo).where(sql`bundle_no IS NOT NULL`),
    index('bookings_slot').on(t.tenantSlug, t.calendarId, t.slotStart),
    // The staff console's date and recency lists (written by hand in 0002 before the schema named them).
    index('staff_bookings_date').on(t.tenantSlug, t.slotDate),
    index('staff_bookings_created').on(t.tenantSlug, t.createdAt),
    index('staff_bookings_updated').on(t.tenantSlug, t.updatedAt),
    index('bookings_phone').on(t.tenantSlug, t.phoneKey),
    // Quotas count a guest's bookings by email as well as phone: without it every booking scans the table.
    index('bookings_email').on(t.tenantSlug, t.emailKey),
    index('bookings_member').on(t.tenantSlug, t.memberId),
    // Deadline sweeps (payment, offers, reviews) scan only bookings that have one.
    index('bookings_deadline').on(t.deadlineAt).where(sql`deadline_at IS NOT NULL`),
  ],
);

/** Every change of a booking's state: who moved it from which state to which, when and why. */
export const bookingHistory = sqliteTable(
  'booking_history',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    bookingId: integer('booking_id').notNull().references(() => bookings.id),
    tenantSlug: text('tenant_slug').notNull(),
    at: integer('at').notNull(),
    /** null for the booking's first state. */
    fromStatus: text('from_status', { enum: BOOKING_STATUSES }),
    toStatus: text('to_status', { enum: BOOKING_STATUSES }).notNull(),
    actorType: text('actor_type', { enum: ['resident', 'member', 'staff', 'system'] }).notNull(),
    actorId: text('actor_id'),
    reason: text('reason'),
  },
  (t) => [index('booking_history_booking').on(t.bookingId)],
);

/** The fee of a booking as computed in its transaction (blocks/fee): integer yen, never recomputed silently. */
export const bookingCharges = sqliteTable('booking_charges', {
  bookingId: integer('booking_id').primaryKey().references(() => bookings.id),
  tenantSlug: text('tenant_slug').notNull(),
  feeId: text('fee_id').notNull(),
  /** Yen, after reductions and rounding; equals the sum of the lines. */
  total: integer('total').notNull(),
  /** [{ label, quantity, unitPrice, amount, kind }] in yen. */
  linesJson: text('lines_json').notNull(),
  createdAt: integer('created_at').notNull(),
});

/** Money received for a booking (窓口現金, 納付書 入金消込, online): one row per payment, integer yen. */
export const bookingPayments = sqliteTable(
  'booking_payments',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    bookingId: integer('booking_id').notNull().references(() => bookings.id),
    tenantSlug: text('tenant_slug').notNull(),
    method: text('method').notNull(),
    amount: integer('amount').notNull(),
    at: integer('at').notNull(),
    staffId: text('staff_id'),
    /** Local date (YYYY-MM-DD) the money was received (収納日: a bank's 入金日, the counter's day); reports count by it. */
    receivedOn: text('received_on'),
    /** 納付番号 of a slip payment, 領収書番号 of a counter payment. */
    reference: text('reference'),
  },
  (t) => [index('booking_payments_booking').on(t.bookingId), index('booking_payments_received').on(t.tenantSlug, t.receivedOn)],
);

/** A payment slip (納付書) issued for a booking: its 納付番号 (with a check digit), the amount and due date printed on it. */
export const paymentSlips = sqliteTable(
  'payment_slips',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    tenantSlug: text('tenant_slug').notNull(),
    bookingId: integer('booking_id').notNull().references(() => bookings.id),
    slipNo: text('slip_no').notNull(),
    amount: integer('amount').notNull(),
    dueAt: integer('due_at'),
    issuedAt: integer('issued_at').notNull(),
  },
  (t) => [uniqueIndex('payment_slips_no').on(t.tenantSlug, t.slipNo), uniqueIndex('payment_slips_booking').on(t.bookingId)],
);

/** One claimed run of a scheduled job per due time (engine/jobs/scheduler.ts): never twice, across restarts and servers. */
export const jobRuns = sqliteTable(
  'job_runs',
  {
    jobId: text('job_id').notNull(),
    dueAt: integer('due_at').notNull(),
    startedAt: integer('started_at').notNull(),
    finishedAt: integer('finished_at'),
    error: text('error'),
  },
  (t) => [primaryKey({ columns: [t.jobId, t.dueAt] })],
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

/**
 * A resident page's screen (入力, 確認, 完了) saved so that a POST can answer with a redirect
 * and the browser's back and forward buttons re-open it. Sealed under a key derived from a
 * browser-session cookie the database never sees; `owner` is a hash of that cookie.
 */
export const pageSnapshots = sqliteTable(
  'page_snapshots',
  {
    id: text('id').primaryKey(),
    tenantSlug: text('tenant_slug').notNull(),
    owner: text('owner').notNull(),
    scope: text('scope').notNull(),
    createdAt: integer('created_at').notNull(),
    sealed: text('sealed').notNull(),
  },
  (t) => [index('page_snapshots_owner_scope').on(t.owner, t.scope, t.createdAt), index('page_snapshots_created').on(t.createdAt)],
);

// ── notifications ──
// Written by engine/notify only. A rendered message may hold a secret (the access key of an
// anonymous booking, a password-reset link): the text keeps a placeholder token, the value sits
// in secrets_json alone and is nulled when the row reaches a final status.

export const notificationOutbox = sqliteTable(
  'notification_outbox',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    tenantSlug: text('tenant_slug').notNull(),
    deliveryKey: text('delivery_key').notNull(),
    event: text('event').notNull(),
    /** The configured message that produced it: <notification block id>/<message id>. */
    source: text('source').notNull(),
    bookingId: integer('booking_id').references(() => bookings.id),
    memberId: text('member_id'),
    channel: text('channel', { enum: ['email', 'line', 'webhook'] }).notNull(),
    /** Email address, LINE user id or webhook URL; null when the resident has none (status skipped). */
    recipient: text('recipient'),
    /** Name of the environment variable holding the webhook signing secret. */
    signingSecretName: text('signing_secret_name'),
    subject: text('subject').notNull(),
    bodyText: text('body_text').notNull(),
    bodyHtml: text('body_html'),
    /** Structured facts for the webhook (references only, no answers). */
    dataJson: text('data_json').notNull().default('{}'),
    secretsJson: text('secrets_json'),
    status: text('status', { enum: ['pending', 'sending', 'sent', 'failed', 'held', 'withdrawn', 'skipped'] }).notNull(),
    dueAt: integer('due_at').notNull(),
    /** Not worth sending after this instant (a reminder once the slot has started). */
    notAfter: integer('not_after'),
    attempts: integer('attempts').notNull().default(0),
    leaseUntil: integer('lease_until'),
    lastError: text('last_error'),
    /** What the channel answered (SMTP response, LINE request id). */
    providerRef: text('provider_ref'),
    versionId: text('version_id'),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
    sentAt: integer('sent_at'),
    /** When the retention job removed the rendered text and the recipient (engine/notify/retention.ts). */
    purgedAt: integer('purged_at'),
  },
  (t) => [
    uniqueIndex('notification_outbox_key').on(t.deliveryKey),
    index('notification_outbox_due').on(t.status, t.dueAt),
    index('notification_outbox_booking').on(t.bookingId),
    // The retention job's scan: only rows whose text is still kept.
    index('notification_outbox_unpurged').on(t.updatedAt).where(sql`purged_at IS NULL`),
  ],
);

export const notificationAttempts = sqliteTable(
  'notification_attempts',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    outboxId: integer('outbox_id').notNull().references(() => notificationOutbox.id),
    attempt: integer('attempt').notNull(),
    at: integer('at').notNull(),
    outcome: text('outcome', { enum: ['sent', 'retry', 'failed'] }).notNull(),
    detail: text('detail'),
  },
  (t) => [index('notification_attempts_outbox').on(t.outboxId)],
);

// ── staff console ──
// Written by engine/staff and engine/export only. Glossary: staff account = one person's login to
// the staff console (操作者); role = システム管理者 / 施設運営管理者 / 施設担当者; facility scope = the
// services (施設) an account may work on ("*" = all); visit = 来場 / 不来場 and the desk notes of a
// booking, kept beside `bookings` so the booking use cases stay untouched. audit_log is protected
// by triggers (migration 0002) that refuse UPDATE and DELETE.

export const staffAccounts = sqliteTable(
  'staff_accounts',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    tenantSlug: text('tenant_slug').notNull().references(() => tenants.slug),
    loginId: text('login_id').notNull(),
    name: text('name').notNull(),
    email: text('email'),
    /** 運営管理団体 */
    organization: text('organization'),
    role: text('role', { enum: ['system-admin', 'facility-manager', 'facility-staff'] }).notNull(),
    /** JSON array of service ids, or ["*"] for every service of the tenant. */
    scopeJson: text('scope_json').notNull().default('["*"]'),
    passwordHash: text('password_hash').notNull(),
    /** 仮パスワード: must be changed at the next login. */
    mustChangePassword: integer('must_change_password', { mode: 'boolean' }).notNull().default(false),
    /** 適用開始日 / 有効期限 as local dates (inclusive); null = unbounded. */
    validFrom: text('valid_from'),
    validUntil: text('valid_until'),
    /** 利用停止 */
    suspended: integer('suspended', { mode: 'boolean' }).notNull().default(false),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [uniqueIndex('staff_accounts_login').on(t.tenantSlug, t.loginId)],
);

/** Staff sessions: the browser holds an opaque token, the database its hash only. */
export const staffSessions = sqliteTable(
  'staff_sessions',
  {
    tokenHash: text('token_hash').primaryKey(),
    staffId: integer('staff_id').notNull().references(() => staffAccounts.id),
    tenantSlug: text('tenant_slug').notNull(),
    ip: text('ip'),
    createdAt: integer('created_at').notNull(),
    lastSeenAt: integer('last_seen_at').notNull(),
    expiresAt: integer('expires_at').notNull(),
  },
  (t) => [index('staff_sessions_staff').on(t.staffId)],
);

/** Per-person settings of the console (e.g. the columns chosen with the gear icon). */
export const staffPreferences = sqliteTable(
  'staff_preferences',
  {
    staffId: integer('staff_id').notNull().references(() => staffAccounts.id),
    key: text('key').notNull(),
    valueJson: text('value_json').notNull(),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.staffId, t.key] })],
);

/** 来場 / 不来場, 対応内容 and the check-in items the service declares (service block `checkin`). */
export const bookingVisits = sqliteTable(
  'booking_visits',
  {
    bookingId: integer('booking_id').primaryKey().references(() => bookings.id),
    tenantSlug: text('tenant_slug').notNull(),
    /** null = not decided yet; 'no-show' is set by the sweep after the day's closing time. */
    status: text('status', { enum: ['visited', 'no-show'] }),
    visitedAt: integer('visited_at'),
    /** Declared check-in item id → value (boolean, or the text / option value); unset items are absent. */
    itemsJson: text('items_json').notNull().default('{}'),
    note: text('note'),
    /** 退室: when the visitor left (QR check-out), after visited_at. */
    checkedOutAt: integer('checked_out_at'),
    updatedAt: integer('updated_at').notNull(),
    updatedBy: text('updated_by'),
  },
  (t) => [index('booking_visits_status').on(t.tenantSlug, t.status)],
);

/**
 * Keys the engine makes for itself (e.g. signing check-in QR codes), one per tenant and
 * purpose, in the database so that every app server signs and checks alike across restarts.
 */
export const tenantSecrets = sqliteTable(
  'tenant_secrets',
  {
    tenantSlug: text('tenant_slug').notNull(),
    purpose: text('purpose').notNull(),
    secret: text('secret').notNull(),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenantSlug, t.purpose] })],
);

// ── resident accounts ──
// Written by engine/members and engine/auth/member-session only. Tokens are stored as
// SHA-256 hashes (engine/auth/token.ts); the resident holds the only clear copy.

/** A logged-in member's browser: the cookie holds the token, this row its hash. */
export const memberSessions = sqliteTable(
  'member_sessions',
  {
    tokenHash: text('token_hash').primaryKey(),
    tenantSlug: text('tenant_slug').notNull(),
    memberId: text('member_id').notNull().references(() => members.id),
    createdAt: integer('created_at').notNull(),
    lastSeenAt: integer('last_seen_at').notNull(),
    /** Absolute end; the idle limit is checked against last_seen_at. */
    expiresAt: integer('expires_at').notNull(),
  },
  (t) => [index('member_sessions_member').on(t.tenantSlug, t.memberId)],
);

/**
 * One-time keys sent by email: password-reset links and the 登録キー of guest email
 * verification (申込者チェック), whose payload is the pending application.
 */
export const memberTokens = sqliteTable(
  'member_tokens',
  {
    tokenHash: text('token_hash').primaryKey(),
    tenantSlug: text('tenant_slug').notNull(),
    purpose: text('purpose', { enum: ['password-reset', 'guest-verification'] }).notNull(),
    memberId: text('member_id').references(() => members.id),
    payloadJson: text('payload_json').notNull().default('{}'),
    createdAt: integer('created_at').notNull(),
    expiresAt: integer('expires_at').notNull(),
    usedAt: integer('used_at'),
  },
  (t) => [index('member_tokens_tenant').on(t.tenantSlug, t.purpose, t.expiresAt)],
);

// ── builder ──
// The no-code builder's working copy. Publishing turns it into an immutable tenant_versions row.

/** A tenant's unpublished draft (one per tenant), kept until it is published or discarded. */
export const tenantDrafts = sqliteTable('tenant_drafts', {
  tenantSlug: text('tenant_slug').primaryKey().references(() => tenants.slug),
  /** The version the draft started from, to warn when someone published meanwhile. */
  baseVersionId: text('base_version_id'),
  blocksJson: text('blocks_json').notNull(),
  updatedAt: integer('updated_at').notNull(),
  updatedBy: text('updated_by'),
});

/** One run of a lottery (抽選): a fixed-date lottery has one, a monthly one one per cycle. The seed is committed (seed_hash) before entries are taken and revealed at the draw. */
export const lotteryInstances = sqliteTable(
  'lottery_instances',
  {
    tenantSlug: text('tenant_slug').notNull(),
    lotteryId: text('lottery_id').notNull(),
    cycle: text('cycle').notNull(),
    seed: text('seed').notNull(),
    seedHash: text('seed_hash').notNull(),
    /** open | drawn */
    status: text('status').notNull(),
    drawnAt: integer('drawn_at'),
    resultJson: text('result_json'),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenantSlug, t.lotteryId, t.cycle] })],
);

/** A lottery entry (抽選申込) with its ranked choices; a win becomes a booking (booking_id). */
export const lotteryEntries = sqliteTable(
  'lottery_entries',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    tenantSlug: text('tenant_slug').notNull(),
    lotteryId: text('lottery_id').notNull(),
    cycle: text('cycle').notNull(),
    entryNo: integer('entry_no').notNull(),
    choicesJson: text('choices_json').notNull(),
    answersJson: text('answers_json').notNull(),
    memberId: text('member_id'),
    personKey: text('person_key').notNull(),
    accessKeyHash: text('access_key_hash'),
    tier: integer('tier').notNull(),
    /** applied | won | lost | withdrawn */
    status: text('status').notNull(),
    wonChoice: integer('won_choice'),
    bookingId: integer('booking_id'),
    channel: text('channel').notNull(),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [uniqueIndex('lottery_entries_no').on(t.tenantSlug, t.lotteryId, t.cycle, t.entryNo), index('lottery_entries_person').on(t.tenantSlug, t.lotteryId, t.cycle, t.personKey)],
);

// ── records and workflows (blocks/record, blocks/workflow) ──
// A record (e.g. one My Number card) of a record type, moved between the states of its
// workflow only with a record_history row; undo adds a reversing row, nothing is deleted.

export const records = sqliteTable(
  'records',
  {
    id: text('id').primaryKey(),
    tenantSlug: text('tenant_slug').notNull(),
    /** The record block's id. */
    type: text('type').notNull(),
    /** Value of the record type's key field (unique per type). */
    key: text('key').notNull(),
    fieldsJson: text('fields_json').notNull().default('{}'),
    state: text('state').notNull(),
    /** Pre-issued code a resident books with (引換番号); unique per tenant. */
    linkCode: text('link_code'),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [
    uniqueIndex('records_key').on(t.tenantSlug, t.type, t.key),
    uniqueIndex('records_link_code').on(t.tenantSlug, t.linkCode),
    index('records_state').on(t.tenantSlug, t.type, t.state),
  ],
);

export const recordHistory = sqliteTable(
  'record_history',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    tenantSlug: text('tenant_slug').notNull(),
    recordId: text('record_id')
      .notNull()
      .references(() => records.id),
    at: integer('at').notNull(),
    /** Null for the entry that created the record (import). */
    fromState: text('from_state'),
    toState: text('to_state').notNull(),
    /** Staff login id (or 'system'). */
    operator: text('operator').notNull(),
    inputsJson: text('inputs_json').notNull().default('{}'),
    note: text('note'),
    /** The entry this one undoes (取消); an entry is undone at most once. */
    reversesId: integer('reverses_id'),
  },
  (t) => [index('record_history_record').on(t.recordId, t.id), uniqueIndex('record_history_reverses').on(t.reversesId), index('record_history_at').on(t.tenantSlug, t.at)],
);

// ── smart locks (blocks/lock) ──
// One row per passcode made for a booking on a lock's device; a changed booking gets a new row
// and the old one is revoked. The passcode is sealed under the tenant's own key.

export const lockPasscodes = sqliteTable(
  'lock_passcodes',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    tenantSlug: text('tenant_slug').notNull(),
    bookingId: integer('booking_id')
      .notNull()
      .references(() => bookings.id),
    lockId: text('lock_id').notNull(),
    deviceId: text('device_id').notNull(),
    /** The passcode's name on the device (unique per device, as SwitchBot requires). */
    name: text('name').notNull(),
    passcodeSealed: text('passcode_sealed').notNull(),
    validFrom: integer('valid_from').notNull(),
    validUntil: integer('valid_until').notNull(),
    noticeAt: integer('notice_at').notNull(),
    /** to-create → creating (command accepted) → on-device; to-revoke → revoked. Not a booking status. */
    state: text('state', { enum: ['to-create', 'creating', 'on-device', 'to-revoke', 'revoked'] }).notNull(),
    commandId: text('command_id'),
    keyId: text('key_id'),
    attempts: integer('attempts').notNull().default(0),
    nextTryAt: integer('next_try_at').notNull(),
    lastError: text('last_error'),
    sentAt: integer('sent_at'),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [index('lock_passcodes_booking').on(t.bookingId), index('lock_passcodes_state').on(t.tenantSlug, t.state, t.nextTryAt)],
);

// ── facility-use permits (blocks/permit, 施設利用登録) ──
// One row per application; an approved row is the permit itself (valid_from..valid_until,
// local dates, inclusive). Every change writes an audit row (target type 'permit'), which
// is the permit's history.

export const permits = sqliteTable(
  'permits',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    tenantSlug: text('tenant_slug').notNull(),
    /** 登録番号 shown to the resident and staff (P + number, per tenant). */
    permitNo: text('permit_no').notNull(),
    /** The permit block's id. */
    permitId: text('permit_id').notNull(),
    memberId: text('member_id').notNull(),
    /** applied (申請中) | approved (承認) | rejected (却下) | expired (失効) | revoked (取消) */
    status: text('status', { enum: ['applied', 'approved', 'rejected', 'expired', 'revoked'] }).notNull(),
    answersJson: text('answers_json').notNull().default('{}'),
    /** Local dates YYYY-MM-DD, set on approval. */
    validFrom: text('valid_from'),
    validUntil: text('valid_until'),
    /** web (resident online) | staff (窓口). */
    channel: text('channel', { enum: ['web', 'staff'] }).notNull(),
    appliedAt: integer('applied_at').notNull(),
    decidedAt: integer('decided_at'),
    /** Staff login id, or 'system' for an automatic approval or expiry. */
    decidedBy: text('decided_by'),
    /** Reason of a rejection or revocation (told to the resident). */
    reason: text('reason'),
    /** When the renewal reminder (更新のお知らせ) was sent for this permit. */
    remindedAt: integer('reminded_at'),
    versionId: text('version_id').notNull(),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [
    uniqueIndex('permits_no').on(t.tenantSlug, t.permitNo),
    index('permits_member').on(t.tenantSlug, t.memberId, t.permitId),
    index('permits_status').on(t.tenantSlug, t.status, t.validUntil),
  ],
);

/**
 * Online payments (blocks/fee, provider port): one row per attempt a resident starts (カード or
 * コンビニ), in integer yen. `providerRef` is the provider's id (a Stripe Checkout Session);
 * `paymentRef` the charge that refunds go against (a PaymentIntent), known once paid.
 * open → paid | failed | expired; paid is final (a later failure event changes nothing).
 */
export const onlinePayments = sqliteTable(
  'online_payments',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    tenantSlug: text('tenant_slug').notNull(),
    bookingId: integer('booking_id')
      .notNull()
      .references(() => bookings.id),
    provider: text('provider').notNull(),
    /** The provider account suffix of the fee block (STRIPE_SECRET_KEY_<TENANT>__<ACCOUNT>), '' for the tenant's default. */
    account: text('account').notNull().default(''),
    method: text('method', { enum: ['card', 'konbini'] }).notNull(),
    amount: integer('amount').notNull(),
    state: text('state', { enum: ['creating', 'open', 'paid', 'failed', 'expired'] }).notNull(),
    providerRef: text('provider_ref'),
    paymentRef: text('payment_ref'),
    redirectUrl: text('redirect_url'),
    /** booking_payments.id once paid. */
    paymentId: integer('payment_id'),
    expiresAt: integer('expires_at'),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [index('online_payments_booking').on(t.bookingId), uniqueIndex('online_payments_ref').on(t.provider, t.providerRef)],
);

/** Provider webhook events already handled: the id is inserted in the same transaction as the effect, so each is handled once. */
export const paymentEvents = sqliteTable(
  'payment_events',
  {
    provider: text('provider').notNull(),
    eventId: text('event_id').notNull(),
    tenantSlug: text('tenant_slug').notNull(),
    type: text('type').notNull(),
    /** What it did: applied, no-op (already so), or ignored (not ours / not a type we act on). */
    outcome: text('outcome').notNull(),
    receivedAt: integer('received_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.provider, t.eventId] })],
);

/**
 * 還付: money paid for a booking given back. Requested (by the resident's cancellation or entered
 * by staff), decided by another member of staff, then refunded through the provider (online
 * payments) or handed to the city's finance system (財務会計) in a CSV batch (cash, 納付書).
 */
export const refunds = sqliteTable(
  'refunds',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    tenantSlug: text('tenant_slug').notNull(),
    bookingId: integer('booking_id')
      .notNull()
      .references(() => bookings.id),
    /** The payment refunded (booking_payments.id). */
    paymentId: integer('payment_id').notNull(),
    /** provider: through the payment provider; finance: listed for 財務会計. */
    route: text('route', { enum: ['provider', 'finance'] }).notNull(),
    amount: integer('amount').notNull(),
    /** How the amount was reached (e.g. 利用日の7日前までの取消: 100%), for staff and the CSV. */
    basis: text('basis').notNull(),
    reason: text('reason'),
    state: text('state', { enum: ['requested', 'rejected', 'approved', 'sending', 'processing', 'refunded', 'failed', 'exported'] }).notNull(),
    requestedByType: text('requested_by_type', { enum: ['resident', 'member', 'staff', 'system'] }).notNull(),
    requestedById: text('requested_by_id'),
    requestedAt: integer('requested_at').notNull(),
    decidedBy: text('decided_by'),
    decidedAt: integer('decided_at'),
    decisionNote: text('decision_note'),
    providerRef: text('provider_ref'),
    lastError: text('last_error'),
    exportBatch: integer('export_batch'),
    doneAt: integer('done_at'),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [index('refunds_booking').on(t.bookingId), index('refunds_state').on(t.tenantSlug, t.state)],
);

/** LINE Messaging API webhook events already handled (webhookEventId): a redelivered event does nothing twice. */
export const lineEvents = sqliteTable(
  'line_events',
  {
    tenantSlug: text('tenant_slug').notNull(),
    eventId: text('event_id').notNull(),
    type: text('type').notNull(),
    receivedAt: integer('received_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenantSlug, t.eventId] }), index('line_events_received').on(t.receivedAt)],
);

// ── card registers (blocks/card-register) ──
// One row per card issued. A renewal is a new row with the same card number and a later expiry;
// a re-issue is a new row with a new number. Dates are local (JST) calendar dates, 'YYYY-MM-DD'.

export const issuedCards = sqliteTable(
  'issued_cards',
  {
    id: text('id').primaryKey(),
    tenantSlug: text('tenant_slug').notNull(),
    /** The card-register block's id. */
    register: text('register').notNull(),
    cardNo: text('card_no').notNull(),
    /** Key of the holder record (the contract) the card belongs to. */
    holderKey: text('holder_key').notNull(),
    /** What the card is issued for (a vehicle registration number), normalized. */
    subject: text('subject').notNull(),
    /** The outside contract the subject was found under (リース契約番号). */
    leaseNo: text('lease_no'),
    cardType: text('card_type').notNull(),
    /** 'YYYY-MM': valid to the end of that month. */
    expiryMonth: text('expiry_month').notNull(),
    /** Card state id (see blocks/card-register/states.ts). */
    state: text('state').notNull(),
    firstIssuedOn: text('first_issued_on').notNull(),
    issuedOn: text('issued_on').notNull(),
    /** new, renewal, or one of the register's re-issue reasons. */
    reason: text('reason').notNull(),
    /** Issuance fee in yen, decided when the card is issued (0 for fee-exempt reasons). */
    issueFee: integer('issue_fee').notNull(),
    /** Last day the card is valid (inclusive): its expiry month's end, or the day before it was replaced. */
    validUntil: text('valid_until').notNull(),
    previousId: text('previous_id'),
    /** When the card left 利用中 (renewed, invalidated, cancelled). */
    endedOn: text('ended_on'),
    /** When the renewal notice (有効期限更新の案内書) was produced for it. */
    renewalNoticeOn: text('renewal_notice_on'),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [
    uniqueIndex('issued_cards_no').on(t.tenantSlug, t.register, t.cardNo, t.expiryMonth),
    // One card in use per subject: the database refuses a second even if two clerks race.
    uniqueIndex('issued_cards_in_use').on(t.tenantSlug, t.register, t.subject).where(sql`state = 'in-use'`),
    index('issued_cards_holder').on(t.tenantSlug, t.register, t.holderKey),
    index('issued_cards_expiry').on(t.tenantSlug, t.register, t.state, t.expiryMonth),
    index('issued_cards_issued').on(t.tenantSlug, t.register, t.issuedOn),
  ],
);

/** Files or messages for outside partners (the card printer's issuance EDI), written in the
 *  transaction that decides them and delivered afterwards by a job, each exactly once. */
export const ediOutbox = sqliteTable(
  'edi_outbox',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    tenantSlug: text('tenant_slug').notNull(),
    /** Who produced it, e.g. 'card-register/etc-card'. */
    channel: text('channel').notNull(),
    /** The row it is about (a card id). */
    ref: text('ref').notNull(),
    payload: text('payload').notNull(),
    status: text('status', { enum: ['pending', 'sent', 'failed'] }).notNull(),
    attempts: integer('attempts').notNull().default(0),
    nextAt: integer('next_at').notNull(),
    sentAt: integer('sent_at'),
    /** The file it went into, or the endpoint's reply id. */
    sentAs: text('sent_as'),
    lastError: text('last_error'),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [index('edi_outbox_due').on(t.status, t.nextAt), index('edi_outbox_channel').on(t.tenantSlug, t.channel, t.id)],
);

// ── usage billing (blocks/billing) ──
// Usage records (toll records) imported from partners' EDI files, per billing month, and the
// invoices issued from them. Times are local (JST) 'YYYY-MM-DD HH:MM'.

export const usageImports = sqliteTable(
  'usage_imports',
  {
    id: text('id').primaryKey(),
    tenantSlug: text('tenant_slug').notNull(),
    billing: text('billing').notNull(),
    month: text('month').notNull(),
    fileName: text('file_name'),
    rows: integer('rows').notNull(),
    added: integer('added').notNull(),
    duplicates: integer('duplicates').notNull(),
    importedAt: integer('imported_at').notNull(),
    importedBy: text('imported_by').notNull(),
  },
  (t) => [index('usage_imports_month').on(t.tenantSlug, t.billing, t.month)],
);

export const usageRecords = sqliteTable(
  'usage_records',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    tenantSlug: text('tenant_slug').notNull(),
    billing: text('billing').notNull(),
    month: text('month').notNull(),
    importId: text('import_id').notNull(),
    cardNo: text('card_no').notNull(),
    entryPoint: text('entry_point').notNull(),
    entryAt: text('entry_at').notNull(),
    exitPoint: text('exit_point').notNull(),
    exitAt: text('exit_at').notNull(),
    subject: text('subject').notNull(),
    amount: integer('amount').notNull(),
  },
  (t) => [
    // The same passage imported twice (a resent file) is one record.
    uniqueIndex('usage_records_passage').on(t.tenantSlug, t.billing, t.cardNo, t.entryAt, t.exitAt),
    index('usage_records_month').on(t.tenantSlug, t.billing, t.month, t.cardNo),
  ],
);

export const invoices = sqliteTable(
  'invoices',
  {
    id: text('id').primaryKey(),
    tenantSlug: text('tenant_slug').notNull(),
    billing: text('billing').notNull(),
    month: text('month').notNull(),
    /** Holder (contract) key. */
    customer: text('customer').notNull(),
    customerName: text('customer_name').notNull(),
    usage: integer('usage').notNull(),
    issueFees: integer('issue_fees').notNull(),
    annualFees: integer('annual_fees').notNull(),
    total: integer('total').notNull(),
    /** Per card: lines, fees (the breakdown as issued; never recomputed). */
    detailJson: text('detail_json').notNull(),
    issuedAt: integer('issued_at').notNull(),
    issuedBy: text('issued_by').notNull(),
  },
  (t) => [uniqueIndex('invoices_customer').on(t.tenantSlug, t.billing, t.month, t.customer), index('invoices_month').on(t.tenantSlug, t.billing, t.month)],
);

/**
 * Failure counts of the rate limiters (wrong access keys, login guesses), shared by every app
 * server: `limit_key` is the limiter's name and its key (an address, an account); the count
 * starts again once `reset_at` has passed. Expired rows are purged hourly.
 */
export const rateLimits = sqliteTable(
  'rate_limits',
  {
    limitKey: text('limit_key').primaryKey(),
    count: integer('count').notNull(),
    resetAt: integer('reset_at').notNull(),
  },
  (t) => [index('rate_limits_reset').on(t.resetAt)],
);
