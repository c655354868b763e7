// The new-service wizard's answers and the blocks they become: a service, its
// calendar, its form, a quota when a limit is chosen and a notification block for
// the notices the tenant does not already send. Ids come from the titles (unique
// among the tenant's blocks); the clerk never types an id, a rule or JSON.
import { formFields, type DesignField } from './form-design';
import { openingRules, type ScheduleDesign } from './schedule';
import { blockSlug, uniqueId } from './slug';

type Block = Record<string, unknown> & { kind: string; id: string };

export type NoticeEvent = 'booking.confirmed' | 'booking.changed' | 'booking.cancelled' | 'booking.reminder';

export interface NoticeDesign {
  event: NoticeEvent;
  on: boolean;
  email: boolean;
  line: boolean;
  /** booking.reminder: days before, at this time. */
  daysBefore: number;
  at: string;
  subject: string;
  body: string;
}

export interface WizardState {
  // 何を予約しますか
  title: string;
  description: string;
  bring: string;
  // いつ・どこで
  place: string;
  rooms: string[];
  schedule: ScheduleDesign;
  slotMinutes: number;
  holidaysClosed: boolean;
  opensDaysBefore: number;
  opensAt: string;
  closes: 'dayBefore' | 'hoursBefore';
  closesAt: string;
  closesHoursBefore: number;
  // 誰が何人まで
  capacity: number;
  anonymous: boolean;
  members: boolean;
  limitActive: boolean;
  maxActive: number;
  limitPeriod: boolean;
  period: 'day' | 'week' | 'month' | 'year';
  perPeriod: number;
  changeDeadlineHours: number;
  cancelDeadlineHours: number;
  // 何を聞きますか
  fields: DesignField[];
  // お知らせ
  notices: NoticeDesign[];
}

export const NOTICE_EVENTS: { event: NoticeEvent; ja: string; en: string }[] = [
  { event: 'booking.confirmed', ja: '予約を受け付けたとき', en: 'When a booking is made' },
  { event: 'booking.changed', ja: '予約が変更されたとき', en: 'When a booking is changed' },
  { event: 'booking.cancelled', ja: '予約が取り消されたとき', en: 'When a booking is cancelled' },
  { event: 'booking.reminder', ja: '利用日の前のリマインド', en: 'Reminder before the day' },
];

const FOOT = '\n\n※このメールは送信専用です。';
export function defaultNotice(event: NoticeEvent): NoticeDesign {
  const base = { event, on: false, email: true, line: true, daysBefore: 1, at: '09:00' };
  switch (event) {
    case 'booking.confirmed':
      return {
        ...base,
        subject: '{{booking.serviceTitle}}のご予約を受け付けました（受付番号 {{booking.receiptNo}}）',
        body: '{{booking.serviceTitle}}のご予約を受け付けました。\n\n受付番号: {{booking.receiptNo}}\n{{#if booking.accessKey}}アクセスキー: {{booking.accessKey}}\n{{/if}}場所: {{booking.resourceTitle}}\n日時: {{booking.datetime}}' + FOOT,
      };
    case 'booking.changed':
      return { ...base, subject: '{{booking.serviceTitle}}のご予約を変更しました', body: '受付番号: {{booking.receiptNo}}\n変更後の日時: {{booking.datetime}}\n場所: {{booking.resourceTitle}}' + FOOT };
    case 'booking.cancelled':
      return { ...base, subject: '{{booking.serviceTitle}}のご予約を取り消しました', body: '受付番号: {{booking.receiptNo}}\n日時: {{booking.datetime}}\nまたのご利用をお待ちしております。' + FOOT };
    case 'booking.reminder':
      return { ...base, subject: '{{booking.serviceTitle}}のご予約のお知らせ', body: 'ご予約の日が近づきました。\n\n受付番号: {{booking.receiptNo}}\n日時: {{booking.datetime}}\n場所: {{booking.resourceTitle}}' + FOOT };
  }
}

export function initialState(today: string): WizardState {
  return {
    title: '',
    description: '',
    bring: '',
    place: '',
    rooms: [''],
    schedule: {
      repeat: 'weekly',
      week: {
        mon: { on: false, open: '09:00', close: '17:00' },
        tue: { on: false, open: '09:00', close: '17:00' },
        wed: { on: false, open: '09:00', close: '17:00' },
        thu: { on: false, open: '09:00', close: '17:00' },
        fri: { on: false, open: '09:00', close: '17:00' },
        sat: { on: false, open: '09:00', close: '17:00' },
        sun: { on: false, open: '09:00', close: '17:00' },
      },
      firstWeek: today,
      nth: [],
      nthDays: [],
      open: '09:00',
      close: '17:00',
      dates: [],
    },
    slotMinutes: 30,
    holidaysClosed: true,
    opensDaysBefore: 30,
    opensAt: '09:00',
    closes: 'dayBefore',
    closesAt: '17:00',
    closesHoursBefore: 3,
    capacity: 1,
    anonymous: true,
    members: true,
    limitActive: true,
    maxActive: 1,
    limitPeriod: false,
    period: 'month',
    perPeriod: 1,
    changeDeadlineHours: 24,
    cancelDeadlineHours: 24,
    fields: [],
    notices: NOTICE_EVENTS.map((e) => defaultNotice(e.event)),
  };
}

export interface Generated {
  blocks: Block[];
  ids: { service: string; calendar: string; form: string; quota?: string; notification?: string };
}

/** The blocks of the new service, with ids unique among `existing`. */
export function wizardBlocks(s: WizardState, existing: readonly { kind: string; id: string }[]): Generated {
  const taken = (kind: string) => existing.filter((b) => b.kind === kind).map((b) => b.id);
  const base = blockSlug(s.title, 'service');
  const service = uniqueId(base, taken('service'));
  const calendar = uniqueId(`${service}-calendar`, taken('calendar'));
  const form = uniqueId(`${service}-form`, taken('form'));
  const title = s.title.trim();

  const usedRooms = new Set<string>();
  const rooms = (s.rooms.some((r) => r.trim()) ? s.rooms.filter((r) => r.trim()) : [s.place.trim() || title]).map((r, i) => {
    const id = uniqueId(blockSlug(r, `room-${i + 1}`), usedRooms);
    usedRooms.add(id);
    return { id, title: r.trim() };
  });
  const window: Record<string, unknown> = { opensDaysBefore: s.opensDaysBefore, opensAt: s.opensAt };
  if (s.closes === 'dayBefore') Object.assign(window, { closesDaysBefore: 1, closesAt: s.closesAt });
  else window.closesHoursBefore = s.closesHoursBefore;
  const calendarBlock: Block = {
    kind: 'calendar',
    id: calendar,
    title: s.place.trim() || title,
    resources: rooms,
    slotMinutes: s.slotMinutes,
    capacity: s.capacity,
    weekly: openingRules(s.schedule),
    holidays: { closed: s.holidaysClosed },
    bookingWindow: window,
  };
  const formBlock: Block = { kind: 'form', id: form, title: `${title}の申込`, fields: formFields(s.fields) };

  const blocks: Block[] = [];
  const ids: Generated['ids'] = { service, calendar, form };
  const quotaLimits: Record<string, unknown> = {};
  if (s.limitActive) quotaLimits.maxActive = s.maxActive;
  if (s.limitPeriod) quotaLimits.perPeriod = { period: s.period, max: s.perPeriod };
  if (Object.keys(quotaLimits).length) {
    ids.quota = uniqueId(`${service}-limit`, taken('quota'));
    blocks.push({ kind: 'quota', id: ids.quota, title: `${title}の申込制限`, scope: 'service', ...quotaLimits });
  }
  const svc: Block = {
    kind: 'service',
    id: service,
    title,
    ...(s.description.trim() ? { description: s.description.trim() } : {}),
    ...(s.bring.trim() ? { bring: s.bring.trim() } : {}),
    form,
    calendar,
    ...(ids.quota ? { quotas: [ids.quota] } : {}),
    access: { anonymous: s.anonymous, members: s.members },
    changeDeadlineHours: s.changeDeadlineHours,
    cancelDeadlineHours: s.cancelDeadlineHours,
    admission: ['immediate'],
  };
  const notices = s.notices.filter((n) => n.on);
  if (notices.length) {
    ids.notification = uniqueId(`${service}-notices`, taken('notification'));
    blocks.push({
      kind: 'notification',
      id: ids.notification,
      title: `${title}のお知らせ`,
      services: [service],
      messages: notices.map((n) => ({
        id: n.event.replace('booking.', ''),
        event: n.event,
        channels: [...(n.line ? ['line'] : []), ...(n.email ? ['email'] : [])],
        ...(n.event === 'booking.reminder' ? { before: { days: n.daysBefore, at: n.at } } : {}),
        subject: n.subject,
        body: n.body,
      })),
    });
  }
  return { blocks: [svc, calendarBlock, formBlock, ...blocks], ids };
}

/** The events every service already gets from notification blocks without a service list. */
export function commonNoticeEvents(blocks: readonly Block[]): { event: string; title: string }[] {
  return blocks
    .filter((b) => b.kind === 'notification' && !b.services)
    .flatMap((b) => ((b.messages as { event: string }[] | undefined) ?? []).map((m) => ({ event: m.event, title: String(b.title ?? b.id) })));
}
