// `card-register` (カード台帳): cards issued for subjects (vehicles) of holders (contract
// records of another block), each row of issued_cards one card with its expiry month.
// Contracts are checked against an outside lease system (lookup.ts); issue, renewal,
// re-issue and the month-end cancellation are store.ts; the card printer's EDI is edi.ts.
import { defineBlock, type RawBlock } from '../../engine/core/block';
import schema from './schema.json';
import { cardRoutes } from './routes';
import { cardJobs } from './jobs';
import { cardCommands } from './commands';
import { REASON } from './states';
import './messages';

export interface Option {
  value: string;
  label: string;
  labelEn?: string;
}

export interface CardRegisterBlock extends RawBlock {
  kind: 'card-register';
  title: string;
  titleEn?: string;
  holder: string;
  holderAlphaName: string;
  holderName: string;
  holderDaysOff?: string;
  subject: { label: string; labelEn?: string };
  lookup: { urlEnv?: string; csvDir?: string; timeoutMs?: number };
  cardNumber: { prefix: string; digits: number };
  cardTypes: Option[];
  issueFee: number;
  renewalNoticeMonths?: number;
  reissueReasons: (Option & { fee: boolean })[];
  edi?: { urlEnv?: string; folderEnv?: string; encoding?: 'utf-8' | 'cp932' };
}

export interface CompiledCardRegister {
  id: string;
  title: string;
  titleEn: string;
  holder: string;
  holderAlphaName: string;
  holderName: string;
  /** The holder field of weekly days off (only 月火水木金土日 characters), if any. */
  daysOffField: string | null;
  subject: { label: string; labelEn: string };
  lookup: { urlEnv: string | null; csvDir: string; timeoutMs: number };
  cardNumber: { prefix: string; digits: number };
  cardTypes: { value: string; label: string; labelEn: string }[];
  issueFee: number;
  renewalNoticeMonths: number;
  reissueReasons: { value: string; label: string; labelEn: string; fee: boolean }[];
  edi: { urlEnv: string | null; folderEnv: string | null; encoding: 'utf-8' | 'cp932' };
}

const withEn = <T extends Option>(o: T) => ({ ...o, labelEn: o.labelEn ?? o.label });

export const cardRegisterBlock = defineBlock<CardRegisterBlock, CompiledCardRegister>({
  kind: 'card-register',
  version: 1,
  schema,
  cardinality: 'many',
  migrations: [],
  title: { ja: 'カード台帳', en: 'Card register' },
  refs: (b) => [{ kind: 'record', id: b.holder, path: '/holder' }],
  check(b, ctx) {
    const rt = ctx.find('record', b.holder) as { fields?: { id: string }[] } | undefined;
    if (rt) {
      for (const p of ['holderAlphaName', 'holderName', 'holderDaysOff'] as const) {
        if (b[p] !== undefined && !rt.fields?.some((f) => f.id === b[p])) ctx.issue(`/${p}`, 'card.holder_field_missing', { field: b[p], holder: b.holder });
      }
      if (!ctx.all('workflow').some((w) => w.record === b.holder)) ctx.issue('/holder', 'card.holder_no_workflow', { holder: b.holder });
    }
    if (b.cardNumber.digits < b.cardNumber.prefix.length + 3) ctx.issue('/cardNumber/digits', 'card.bad_card_number');
    const dup = (list: Option[], path: string) => {
      const seen = new Set<string>();
      list.forEach((o, i) => {
        if (seen.has(o.value)) ctx.issue(`${path}/${i}/value`, 'card.duplicate_option', { value: o.value });
        seen.add(o.value);
      });
    };
    dup(b.cardTypes, '/cardTypes');
    dup(b.reissueReasons, '/reissueReasons');
    b.reissueReasons.forEach((r, i) => {
      if (r.value === REASON.new || r.value === REASON.renewal) ctx.issue(`/reissueReasons/${i}/value`, 'card.reserved_reason', { value: r.value });
    });
  },
  compile: (b, ctx) => ({
    id: b.id,
    title: b.title,
    titleEn: b.titleEn ?? b.title,
    holder: b.holder,
    holderAlphaName: b.holderAlphaName,
    holderName: b.holderName,
    // By default the holder type's `days-off` field, when it has one (the billing kind reads the same field).
    daysOffField: b.holderDaysOff ?? (ctx.get('record', b.holder).fields.some((f) => f.id === 'days-off') ? 'days-off' : null),
    subject: { label: b.subject.label, labelEn: b.subject.labelEn ?? b.subject.label },
    lookup: { urlEnv: b.lookup.urlEnv ?? null, csvDir: b.lookup.csvDir ?? 'lease', timeoutMs: b.lookup.timeoutMs ?? 5000 },
    cardNumber: { ...b.cardNumber },
    cardTypes: b.cardTypes.map(withEn),
    issueFee: b.issueFee,
    renewalNoticeMonths: b.renewalNoticeMonths ?? 2,
    reissueReasons: b.reissueReasons.map(withEn),
    edi: { urlEnv: b.edi?.urlEnv ?? null, folderEnv: b.edi?.folderEnv ?? null, encoding: b.edi?.encoding ?? 'utf-8' },
  }),
  behaviour: { routes: cardRoutes, jobs: cardJobs, commands: cardCommands },
});

declare module '../../engine/core/kinds' {
  interface CompiledKinds {
    'card-register': CompiledCardRegister;
  }
}
