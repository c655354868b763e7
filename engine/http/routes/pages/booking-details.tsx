// A booking's details and what can be done with it (予約確認 screen, seed 001).
import { canonicalAccessKey, formatAccessKey } from '../../../booking/access-key';
import type { CompiledService } from '../../../../blocks/service/block';
import type { BookingRow } from '../../../booking/view';
import { deadline } from '../../../booking/view';
import { pick } from '../../../runtime/i18n';
import type { Page } from './context';
import { AnswerRows } from './form-flow';
import { slotText } from './format';
import { HiddenInputs } from '../../../runtime/hidden-inputs';
import { DetailsTable, type Row } from './slot-table';
import { ui } from './text';
import { holderHidden, type Holder } from './booking-access';
import { isActive, isChangeable, statusLabel } from '../../../booking/status';

export function bookingRows(p: Page, row: BookingRow, service: CompiledService | undefined, h?: Holder): Row[] {
  const { lang } = p;
  const r = service?.calendar.resources.find((x) => x.id === row.resourceId);
  const tz = service?.calendar.timezone ?? 'Asia/Tokyo';
  return [
    [ui(lang, 'service'), service ? pick(lang, service.title, service.titleEn) : row.serviceId],
    [ui(lang, 'place'), r ? pick(lang, r.title, r.titleEn) : row.resourceId],
    [ui(lang, 'datetime'), slotText(row.slotStart, row.slotEnd, tz, lang, p.dates)],
    [ui(lang, 'receiptNo'), row.receiptNo],
    // As issued (K7QM-…), however it was typed: staff read it back over the phone.
    ...(h?.accessKey ? ([[ui(lang, 'accessKey'), formatAccessKey(canonicalAccessKey(h.accessKey))]] as Row[]) : []),
    [ui(lang, 'status'), statusLabel(row.status, lang)],
  ];
}

export function BookingTable({ p, row, service, h }: { p: Page; row: BookingRow; service: CompiledService | undefined; h?: Holder }) {
  return (
    <DetailsTable rows={bookingRows(p, row, service, h)}>
      {service && <AnswerRows form={service.form} answers={JSON.parse(row.answersJson) as Record<string, unknown>} lang={p.lang} />}
    </DetailsTable>
  );
}

export function canChange(p: Page, row: BookingRow, service: CompiledService | undefined) {
  return isChangeable(row.status) && !!service && p.now.getTime() < deadline(row.slotStart, service.changeDeadlineHours);
}

export function canCancel(p: Page, row: Pick<BookingRow, 'status' | 'slotStart'>, service: CompiledService | undefined) {
  return isActive(row.status) && !!service && p.now.getTime() < deadline(row.slotStart, service.cancelDeadlineHours);
}

/** 変更画面へ / 取消画面へ: small forms that post the holder (never the key in a URL). */
export function BookingActions({ p, row, service, h, compact }: { p: Page; row: BookingRow; service: CompiledService | undefined; h: Holder; compact?: boolean }) {
  const { lang } = p;
  const change = canChange(p, row, service);
  const cancel = canCancel(p, row, service);
  const cls = compact ? 'button button-small button-secondary' : 'button button-secondary';
  const label = (key: 'toChange' | 'toCancel') => (
    <>
      {ui(lang, key)}
      {compact && <span class="visually-hidden">（{ui(lang, 'receiptNo')} {row.receiptNo}）</span>}
    </>
  );
  return (
    <div class={compact ? 'ops' : 'actions'}>
      {change && (
        <form method="post" action={p.href('/r/change')} class="inline-form">
          <HiddenInputs values={{ _csrf: p.csrf(), ...holderHidden(h), phase: 'slot' }} />
          <button type="submit" class={cls}>
            {label('toChange')}
          </button>
        </form>
      )}
      {cancel && (
        <form method="post" action={p.href('/r/cancel')} class="inline-form">
          <HiddenInputs values={{ _csrf: p.csrf(), ...holderHidden(h) }} />
          <button type="submit" class={cls}>
            {label('toCancel')}
          </button>
        </form>
      )}
      {p.published.tenant.registry
        .behaviour()
        .residentActions.filter((a) => a.appliesTo(row, p.published.tenant))
        .map((a) => (
          // Actions block kinds contribute (a payment slip to print): the same holder post as 変更・取消.
          <form key={a.id} method="post" action={p.href(a.path)} class="inline-form" {...(a.newTab ? { target: '_blank' } : {})}>
            <HiddenInputs values={{ _csrf: p.csrf(), ...holderHidden(h) }} />
            <button type="submit" class={cls} data-action={a.id}>
              {pick(lang, a.label.ja, a.label.en)}
              {compact && <span class="visually-hidden">（{ui(lang, 'receiptNo')} {row.receiptNo}）</span>}
            </button>
          </form>
        ))}
      {!compact && isChangeable(row.status) && !change && <p>{ui(lang, 'cannotChange')}</p>}
      {!compact && isActive(row.status) && !cancel && <p>{ui(lang, 'cannotCancel')}</p>}
    </div>
  );
}

/** Sections kinds add to the booking page (お支払い…), in registry order. */
const panelsFor = (p: Page, service: CompiledService) => p.published.tenant.registry.behaviour().bookingPanels.filter((b) => b.appliesTo(service, p.published.tenant));

/** What the kinds' panels read before the page renders (BookingPanel.load), one entry per panel in order. */
export async function kindPanelData(p: Page, row: BookingRow, service: CompiledService | undefined): Promise<unknown[]> {
  if (!service) return [];
  const data: unknown[] = [];
  for (const b of panelsFor(p, service)) data.push(b.load ? await b.load({ page: p, booking: row }) : undefined);
  return data;
}

export function KindPanels({ p, row, service, h, data }: { p: Page; row: BookingRow; service: CompiledService | undefined; h: Holder; data: readonly unknown[] }) {
  if (!service) return null;
  return <>{panelsFor(p, service).map((b, i) => b.render({ page: p, booking: row, holder: holderHidden(h), data: data[i] }))}</>;
}
