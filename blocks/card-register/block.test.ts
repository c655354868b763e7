import { describe, expect, it } from 'vitest';
import { loadFixture, runBlockContract } from '../../test/contract/block-contract';
import { cardRegisterBlock } from './block';

runBlockContract(cardRegisterBlock, new URL('./fixtures/', import.meta.url));

describe('card-register compile', () => {
  it('keeps the register as the tenant file writes it, with defaults filled in', () => {
    const t = loadFixture(new URL('./fixtures/k-lease.valid.json', import.meta.url));
    expect(t.get('card-register', 'etc-card')).toMatchObject({
      holder: 'etc-contract',
      lookup: { urlEnv: 'K_LEASE_LOOKUP_URL', csvDir: 'lease', timeoutMs: 5000 },
      cardNumber: { prefix: '9101', digits: 16 },
      issueFee: 500,
      renewalNoticeMonths: 2,
      daysOffField: 'days-off',
      edi: { urlEnv: 'K_CARD_PRINTER_URL', folderEnv: 'K_CARD_PRINTER_DIR', encoding: 'utf-8' },
      subject: { label: '自動車登録番号', labelEn: 'Vehicle registration no.' },
    });
    expect(t.get('card-register', 'etc-card')!.reissueReasons.map((r) => [r.value, r.fee])).toEqual([['lost', true], ['type-change', true], ['magnetic', false], ['damaged', false]]);
  });
});
