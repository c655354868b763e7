import { describe, expect, it } from 'vitest';
import { loadFixture, runBlockContract } from '../../test/contract/block-contract';
import { serviceBlock, type CompiledService } from './block';

runBlockContract(serviceBlock, new URL('./fixtures/', import.meta.url));

describe('service checkin', () => {
  it('compiles the declared items with English labels and text length defaulted', () => {
    const s = loadFixture(new URL('./fixtures/checkin-items.valid.json', import.meta.url)).get('service', 's')!;
    expect(s.checkin).toEqual({
      noShow: true,
      qr: false,
      items: [
        { id: 'juki-card', label: '住基カード回収', labelEn: 'Juki card collected', type: 'boolean', maxLength: 0, options: [] },
        { id: 'slip-no', label: '整理券番号', labelEn: '整理券番号', type: 'text', maxLength: 10, options: [] },
        { id: 'desk', label: '受付窓口', labelEn: 'Desk', type: 'select', maxLength: 0, options: [{ value: '1', label: '1番窓口', labelEn: '1番窓口' }, { value: '2', label: '2番窓口', labelEn: 'Desk 2' }] },
      ],
    });
  });

  it('keeps visits and the no-show sweep, with no extra items, when a service declares no checkin', () => {
    const s = loadFixture(new URL('./fixtures/consultation.valid.json', import.meta.url)).get('service', 'consultation')!;
    expect(s.checkin).toEqual({ items: [], noShow: true, qr: false });
    const off = loadFixture(new URL('./fixtures/checkin-no-show-off.valid.json', import.meta.url)).get('service', 's')!;
    expect(off.checkin).toEqual({ items: [], noShow: false, qr: false });
  });
});

describe('service version 2 (admission)', () => {
  it('migrates a version-1 block: admission becomes ["immediate"], the behaviour it always had', () => {
    const v1 = loadFixture(new URL('./fixtures/version-1.valid.json', import.meta.url)).get('service', 's')!;
    const v2 = loadFixture(new URL('./fixtures/version-2.valid.json', import.meta.url)).get('service', 's')!;
    expect(v1.admission).toEqual(['immediate']);
    // Same service apart from the compiled form/calendar objects (closures, compared by identity).
    const plain = ({ form: _f, calendar: _c, ...rest }: CompiledService) => rest;
    expect(plain(v1)).toEqual(plain(v2));
  });

  it('runs the named migration only from version 1', () => {
    expect(serviceBlock.version).toBe(2);
    const m = serviceBlock.migrations.find((x) => x.from === 1)!;
    expect(m.name).toBe('admission-becomes-explicit');
    expect(m.up({ kind: 'service', id: 's', version: 1 })).toMatchObject({ admission: ['immediate'] });
  });
});
