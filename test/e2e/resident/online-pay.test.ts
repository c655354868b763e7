// Browser test of paying online and getting the money back (issue 17), on a phone-sized
// screen: a resident applies for the demo 会議室 with 冷暖房, the city approves it, the
// resident pays by card on the provider's page (a local server speaking Stripe's API,
// test/helpers/stripe-server.ts), sees 支払済み, asks to cancel, the city accepts the
// cancellation, another member of staff decides the refund, and the resident
// sees 返金済み. The provider saw one Checkout Session and one refund, in integer yen.
import { sqlGet } from '../../../engine/db';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAdminTestApp, type AdminTestApp } from '../../integration/admin-helpers';
import { startFakeStripe, type FakeStripe } from '../../helpers/stripe-server';
import { openConsole, type Console } from '../admin/harness';
import { expectAccessible, screenshot } from './harness';

let stripe: FakeStripe;
let t: AdminTestApp;
let ui: Console;
let page: Page;
const env: Record<string, string> = {};

beforeAll(async () => {
  stripe = await startFakeStripe({ now: () => t?.clock.now().getTime() ?? Date.parse('2026-12-01T01:00:00Z') });
  Object.assign(env, { STRIPE_SECRET_KEY_DEMO_CITY: stripe.secretKey, STRIPE_WEBHOOK_SECRET_DEMO_CITY: stripe.webhookSecret, STRIPE_API_BASE: stripe.base });
  t = await createAdminTestApp({ env });
  ui = await openConsole(t, { width: 360, height: 780 });
  page = ui.page;
  stripe.webhookUrl = `${ui.base}/api/t/demo-city/payments/webhooks/stripe`;
  env.PUBLIC_BASE_URL = ui.base; // where the provider sends the resident back
}, 60_000);

afterAll(async () => {
  await ui?.close();
  await stripe?.close();
});

const heading = () => page.locator('h1').innerText();
const staff = (method: string, path: string, body?: unknown) => t.request(method, `/api/admin/t/demo-city${path}`, { cookie: t.cookies.manager, ...(body !== undefined ? { body } : {}) });

async function lookUp(receiptNo: string, accessKey: string) {
  await page.goto(`${ui.base}/t/demo-city/lookup`);
  await page.fill('#receipt-no', receiptNo);
  await page.fill('#access-key-input', accessKey);
  await page.click('main button[type="submit"]');
  await expect.poll(heading).toBe('予約の内容');
}

describe('online payment and refund in a browser', () => {
  it('applies, pays by card, sees 支払済み, cancels and sees 返金済み', async () => {
    const start = '2026-12-12T09:00:00+09:00'; // a Saturday morning, 11 days ahead: cancelled now, all is refunded
    await page.goto(`${ui.base}/t/demo-city/s/meeting-room/book?resource=room-1&start=${encodeURIComponent(start)}`);
    await page.fill('#f-name', '森 花子');
    await page.fill('#f-phone', '09012345678');
    await page.fill('#f-email', 'mori@example.jp');
    await page.check('#f-residence-0');
    await page.fill('#f-people', '12');
    await page.fill('#f-purpose', '自治会の役員会');
    await page.check('#f-aircon-0');
    await page.click('button[value="next"]');
    await expect.poll(heading).toBe('申込内容確認');
    // The price before anything is booked: 午前 1,200円 and 冷暖房 300円 × 3 hours.
    const quote = await page.locator('section[aria-labelledby="quote-heading"]').innerText();
    expect(quote).toContain('300円 × 3 = 900円');
    expect(await page.locator('#quote-total').innerText()).toBe('2,100円');
    await screenshot(page, 'pay-00-review-quote-360');
    await page.click('button[value="confirm"]');
    await expect.poll(heading).toBe('お申込受付');
    const receiptNo = await page.locator('#receipt-no').innerText();
    const accessKey = await page.locator('#access-key').innerText();
    const done = await page.locator('main').innerText();
    expect(done).toContain('審査中');

    // The city approves it: the booking now waits for the fee (午前 1,200円 + 冷暖房 3時間 900円).
    expect((await staff('POST', `/bookings/${receiptNo}/approve`, {})).body.status).toBe('awaiting_payment');
    await lookUp(receiptNo, accessKey);
    expect(await page.locator('#fee-total').innerText()).toContain('2,100');
    expect(await page.locator('#payment-state').innerText()).toBe('未払い');
    await expect.poll(() => page.locator('#pay-by').count()).toBe(1);
    await expectAccessible(page, 'booking awaiting payment');
    await screenshot(page, 'pay-01-awaiting-360');

    // Pay by card on the provider's page, which comes back to ours once the webhook has told us.
    await page.click('#pay-card');
    await expect.poll(() => page.locator('#amount').innerText()).toBe('¥2,100');
    await page.click('#pay-now');
    await expect.poll(() => page.locator('#payment-state').innerText()).toBe('支払済み');
    expect(await page.locator('#booking-status').innerText()).toBe('予約');
    await screenshot(page, 'pay-02-paid-360');
    expect(stripe.requests.filter((r) => r.path === '/v1/checkout/sessions')).toHaveLength(1);
    expect(stripe.requests.find((r) => r.path === '/v1/checkout/sessions')!.params).toMatchObject({ line_items: { 0: { price_data: { currency: 'jpy', unit_amount: '2100' } } } });

    // 支払済み on the booking page too, with what a cancellation now gives back.
    await lookUp(receiptNo, accessKey);
    expect(await page.locator('#payment-state').innerText()).toBe('支払済み');
    expect(await page.locator('#cancel-note').innerText()).toContain('2,100円を還付します');

    // Cancel: the 会議室 reviews cancellations, so it waits for the city.
    await page.getByRole('button', { name: '取消画面へ' }).click();
    await page.getByRole('button', { name: '取消', exact: true }).click();
    await expect.poll(() => page.locator('main').innerText()).toContain('取消審査中');
    const cancelled = await staff('POST', `/bookings/${receiptNo}/approve`, {});
    expect(cancelled.body.status).toBe('cancelled');

    // Accepting the cancellation asked for the refund in the manager's name, so the manager may not decide it:
    // the システム管理者 does, and it goes back through the provider.
    const refunds = await staff('GET', '/refunds?state=open');
    expect(refunds.body.rows).toMatchObject([{ receiptNo, amount: 2100, state: 'requested', canDecide: false }]);
    expect((await staff('POST', `/refunds/${refunds.body.rows[0].id}/approve`, {})).body.error.code).toBe('refund.self_approval');
    const ok = await t.request('POST', `/api/admin/t/demo-city/refunds/${refunds.body.rows[0].id}/approve`, { cookie: t.cookies.admin, body: { note: '全額還付' } });
    expect(ok.body.refund.state).toBe('refunded');
    expect(stripe.requests.filter((r) => r.path === '/v1/refunds').map((r) => r.params.amount)).toEqual(['2100']);

    await lookUp(receiptNo, accessKey);
    expect(await page.locator('.refund').innerText()).toContain('返金済み');
    expect(await page.locator('main').innerText()).toContain('取消');
    await expectAccessible(page, 'booking refunded');
    await screenshot(page, 'pay-03-refunded-360');
    const row = (await sqlGet<{ total: number }>(t.db, 'SELECT total FROM booking_charges c JOIN bookings b ON b.id = c.booking_id WHERE b.receipt_no = ?', [receiptNo]))!;
    expect(Number.isInteger(row.total)).toBe(true);
  });
});
