// 有効期限更新の案内書: one A4 letter per card, from the tenant (site municipality) to the
// holder, naming the vehicle, the card and its expiry. Print-ready HTML (engine/print).
import type { PublishedTenant } from '../../engine/config/tenant';
import { siteOf } from '../../engine/members/fields';
import { printDocument } from '../../engine/print/registration-card';
import type { CompiledCardRegister } from './block';
import type { CardView } from './store';

const W = {
  ja: {
    title: '有効期限更新の案内書',
    honor: '様',
    body: (title: string, ym: string) => `平素より格別のご愛顧を賜り、厚く御礼申し上げます。下記の${title}は${ym}末日で有効期限を迎えます。リース契約の満了日を延長のうえ、更新の手続きをお願いいたします。更新後のカードは、同じカード番号でお届けします。`,
    card: 'カード番号',
    type: 'カード種類',
    expiry: '有効期限',
    lease: 'リース契約番号',
    contact: 'お問い合わせ',
    print: '印刷する',
    none: 'この月に案内するカードはありません。',
  },
  en: {
    title: 'Card renewal notice',
    honor: '',
    body: (title: string, ym: string) => `The ${title} below expires at the end of ${ym}. Please extend your lease contract and renew the card; the renewed card keeps the same number.`,
    card: 'Card no.',
    type: 'Card type',
    expiry: 'Expires',
    lease: 'Lease contract no.',
    contact: 'Contact',
    print: 'Print',
    none: 'No card is due for a notice this month.',
  },
};

const ymWords = (m: string, lang: 'ja' | 'en') => (lang === 'en' ? m : `${Number(m.slice(0, 4))}年${Number(m.slice(5, 7))}月`);
const dateWords = (d: string, lang: 'ja' | 'en') => (lang === 'en' ? d : `${Number(d.slice(0, 4))}年${Number(d.slice(5, 7))}月${Number(d.slice(8, 10))}日`);

export function renewalNoticesHtml(published: PublishedTenant, reg: CompiledCardRegister, cards: CardView[], holders: Map<string, Record<string, string>>, o: { lang: 'ja' | 'en'; date: string; addressField?: string }): string {
  const w = W[o.lang];
  const site = siteOf(published.tenant);
  const from = site?.municipality;
  const title = o.lang === 'en' ? reg.titleEn : reg.title;
  const subjectLabel = o.lang === 'en' ? reg.subject.labelEn : reg.subject.label;
  const body = cards.length ? (
    cards.map((c) => {
      const h = holders.get(c.holderKey) ?? {};
      return (
        <section class="letter">
          <p class="letter-date">{dateWords(o.date, o.lang)}</p>
          <p class="letter-to">
            {o.addressField && h[o.addressField] ? <>{h[o.addressField]}<br /></> : null}
            {c.holderName} {w.honor}
          </p>
          <p class="letter-from">{from?.organization ?? from?.name ?? published.tenant.slug}</p>
          <h1>{`${title} ${w.title}`}</h1>
          <p>{w.body(title, ymWords(c.expiryMonth, o.lang))}</p>
          <table>
            <tbody>
              <tr><th>{w.lease}</th><td>{c.holderKey}</td></tr>
              <tr><th>{subjectLabel}</th><td>{c.subject}</td></tr>
              <tr><th>{w.card}</th><td>{c.cardNo}</td></tr>
              <tr><th>{w.type}</th><td>{c.cardTypeLabel}</td></tr>
              <tr><th>{w.expiry}</th><td>{ymWords(c.expiryMonth, o.lang)}</td></tr>
            </tbody>
          </table>
          {from ? <p>{`${w.contact}: ${from.organization ?? from.name} ${from.phone ?? ''}`}</p> : null}
        </section>
      );
    })
  ) : (
    <p>{w.none}</p>
  );
  return printDocument({ lang: o.lang, title: `${title} ${w.title}`, size: 'a4', printLabel: w.print, body });
}
