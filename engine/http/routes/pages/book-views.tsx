// Screens of booking a slot: 入力, 申込内容確認, お申込受付 (完了), and the
// "check your email" screen of 申込者チェック.
import { ADMITTED, statusLabel } from '../../../booking/status';
import type { SummaryLine } from '../../../booking/admission';
import type { CompiledService } from '../../../../blocks/service/block';
import type { Answers } from '../../../../blocks/form/answers';
import type { BookResponse } from '../../../booking/book';
import type { Slot } from '../../../schedule/types';
import { pick } from '../../../runtime/i18n';
import type { Inputs } from '../../../runtime/inputs';
import type { Page } from './context';
import { AnswerRows, FormScreen, ReviewForm, type Flow } from './form-flow';
import { slotText } from './format';
import { Layout } from './layout';
import { DetailsTable, type Row } from './slot-table';
import { ui } from './text';
import type { EngineError } from '../../../core/errors';
import { NextStep } from './render';
import { CheckinQr } from './checkin-qr';
import { bookingGroupOf, type BookingGroup } from '../../../members/groups';

export type NoticeLine = { text: { ja: string; en: string }; link?: { href: string; label: { ja: string; en: string } } };

/** What the kinds say on a service's pages (e.g. a permit its slots need, and whether the member holds it), read before rendering. */
export async function serviceNoticesOf(p: Page, service: CompiledService): Promise<NoticeLine[]> {
  const tenant = p.published.tenant;
  const lines: NoticeLine[] = [];
  for (const n of tenant.registry.behaviour().serviceNotices.filter((x) => x.appliesTo(service, tenant))) {
    lines.push(...(await n.notices({ db: p.c.get('deps').db, published: p.published, service, ...(p.member ? { memberId: p.member.id } : {}), now: p.now.getTime() })));
  }
  return lines;
}

/** The group admission will book for (the fee shown applies its 減免区分 as the booking will), read before rendering. */
export async function reviewGroupOf(p: Page, service: CompiledService): Promise<BookingGroup | undefined> {
  return p.member ? await bookingGroupOf(p.c.get('deps').db, p.slug, p.member.id, { asPerson: service.access.approvedGroupsOnly }) : undefined;
}

/** The notices of serviceNoticesOf. */
export function ServiceNotices({ p, lines }: { p: Page; lines: readonly NoticeLine[] }) {
  if (lines.length === 0) return null;
  return (
    <div class="notice" id="service-notices">
      {lines.map((l) => (
        <p>
          {pick(p.lang, l.text.ja, l.text.en)}
          {l.link && (
            <>
              {' '}
              <a href={p.href(l.link.href)}>{pick(p.lang, l.link.label.ja, l.link.label.en)}</a>
            </>
          )}
        </p>
      ))}
    </div>
  );
}

export function slotRows(p: Page, service: CompiledService, slot: Pick<Slot, 'resource' | 'startMs' | 'endMs'>): Row[] {
  const r = service.calendar.resources.find((x) => x.id === slot.resource);
  return [
    [ui(p.lang, 'service'), pick(p.lang, service.title, service.titleEn)],
    [ui(p.lang, 'place'), r ? pick(p.lang, r.title, r.titleEn) : slot.resource],
    [ui(p.lang, 'datetime'), slotText(slot.startMs, slot.endMs, service.calendar.timezone, p.lang, p.dates)],
  ];
}

export function InputPage({ flow, service, slot, state, notice, first, notices }: { flow: Flow; service: CompiledService; slot: Slot; state: { step: string; inputs: Inputs; errors: Record<string, string> }; notice?: string; first?: boolean; notices: readonly NoticeLine[] }) {
  const { p } = flow;
  const { lang } = p;
  const hasErrors = Object.keys(state.errors).length > 0;
  const other = flow.mode === 'chat' ? 'classic' : 'chat';
  return (
    <Layout p={p} title={ui(lang, 'applyTitle')} step="input" errorTitle={hasErrors}>
      {notice && (
        <div class="notice notice-error" role="alert">
          <p>{notice}</p>
        </div>
      )}
      <DetailsTable rows={slotRows(p, service, slot)} />
      <ServiceNotices p={p} lines={notices} />
      {!p.member && p.membersOn && service.access.members && (
        <p>
          <a href={p.href('/login', { next: `/s/${service.id}/book?resource=${encodeURIComponent(slot.resource)}&start=${encodeURIComponent(slot.start)}` })}>{ui(lang, 'loginHint')}</a>
        </p>
      )}
      {first && (
        <p>
          <a href={p.href(`/s/${service.id}/book`, { resource: slot.resource, start: slot.start, mode: other === 'chat' ? 'chat' : undefined })}>{ui(lang, other === 'chat' ? 'modeChat' : 'modeClassic')}</a>
        </p>
      )}
      <FormScreen flow={flow} state={state} />
    </Layout>
  );
}

export function ReviewPage({ flow, service, slot, inputs, answers, idem, notice, noticeCode, error, group }: { flow: Flow; service: CompiledService; slot: Slot; inputs: Inputs; answers: Answers; idem: string; notice?: string; noticeCode?: string; error?: EngineError; group: BookingGroup | undefined }) {
  const { p } = flow;
  const { lang } = p;
  return (
    <Layout p={p} title={ui(lang, 'reviewTitle')} step="confirm" errorTitle={!!notice}>
      {notice && (
        <div class="notice notice-error" role="alert">
          <p>{notice}</p>
          {error && <NextStep p={p} e={error} />}
          {noticeCode === 'booking.quota_exceeded' ? (
            // Another time cannot help with a per-person limit; the existing booking can.
            <p>
              {ui(lang, 'quotaHelp')} <a href={p.href(p.member ? '/my' : '/lookup')}>{ui(lang, p.member ? 'myBookings' : 'lookup')}</a>
            </p>
          ) : (
            <p>
              <a href={p.href(`/s/${service.id}`, { resource: slot.resource, from: slot.date })}>{ui(lang, 'chooseOther')}</a>
            </p>
          )}
        </div>
      )}
      <DetailsTable rows={slotRows(p, service, slot)}>
        <AnswerRows form={service.form} answers={answers} lang={lang} />
      </DetailsTable>
      {p.published.tenant.registry
        .behaviour()
        .reviewPanels.filter((r) => r.appliesTo(service, p.published.tenant))
        .map((r) => r.render({ page: p, service, slot, answers, ...(group ? { group } : {}) }))}
      <p>{ui(lang, 'reviewNote')}</p>
      <ReviewForm flow={flow} inputs={inputs} confirm="apply" extraHidden={{ idem }} />
    </Layout>
  );
}

export function DonePage({ p, service, slot, res, qr }: { p: Page; service: CompiledService; slot: Slot; res: BookResponse; qr: string | undefined }) {
  const { lang } = p;
  const key = res.body.accessKey;
  return (
    <Layout p={p} title={ui(lang, 'doneTitle')} step="done">
      <div class="notice" role="status">
        {/* Not yet a booking (payment, review): say what it is waiting for, not that it is done. */}
        <p>{res.body.status === ADMITTED ? ui(lang, 'doneText') : ui(lang, 'doneWaiting', { status: statusLabel(res.body.status, lang) })}</p>
      </div>
      <DetailsTable
        rows={[
          ...slotRows(p, service, slot),
          [ui(lang, 'receiptNo'), <strong class="key" id="receipt-no">{res.body.receiptNo}</strong>],
          ...(res.body.status === ADMITTED ? [] : ([[ui(lang, 'statusLabel'), <strong id="booking-status">{statusLabel(res.body.status, lang)}</strong>]] as Row[])),
          ...((res.body.summary as SummaryLine[] | undefined) ?? []).map((l) => [lang === 'en' ? l.labelEn : l.label, lang === 'en' ? l.valueEn : l.value] as Row),
          ...(key ? ([[ui(lang, 'accessKey'), <strong class="key" id="access-key">{key}</strong>]] as Row[]) : []),
        ]}
      />
      {key && <p class="notice">{ui(lang, 'keyNote')}</p>}
      <CheckinQr p={p} booking={res.body} code={qr} />
      {service.bring && (
        <section class="bring" aria-labelledby="bring-h">
          <h2 id="bring-h">{ui(lang, 'bring')}</h2>
          <p id="bring">{pick(lang, service.bring, service.bringEn)}</p>
        </section>
      )}
      {service.form.fields.some((f) => f.type === 'email') && <p>{ui(lang, 'mailNote')}</p>}
      <p class="no-print">
        {/* Shown by resident.js; a browser without it prints from its own menu. */}
        <button type="button" class="button" id="print-page" data-print hidden>
          {ui(lang, 'print')}
        </button>
      </p>
      <ul class="done-links">
        <li>
          <a href={p.href('/')}>{ui(lang, 'toTop')}</a>
        </li>
        {p.member ? (
          <li>
            <a href={p.href('/my')}>{ui(lang, 'toList')}</a>
          </li>
        ) : (
          <li>
            <a href={p.href('/lookup')}>{ui(lang, 'lookup')}</a>
          </li>
        )}
      </ul>
    </Layout>
  );
}

export function VerifySentPage({ p, until }: { p: Page; until: string }) {
  return (
    <Layout p={p} title={ui(p.lang, 'verifySent')} step="confirm">
      <div class="notice" role="status">
        <p>{ui(p.lang, 'verifySentText', { until })}</p>
      </div>
      <p>
        <a href={p.href('/')}>{ui(p.lang, 'toTop')}</a>
      </p>
    </Layout>
  );
}

