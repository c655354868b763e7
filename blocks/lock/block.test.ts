import { describe, expect, it } from 'vitest';
import { loadFixture, runBlockContract } from '../../test/contract/block-contract';
import { lockBlock } from './block';

runBlockContract(lockBlock, new URL('./fixtures/', import.meta.url));

describe('lock compile', () => {
  it('keeps the keypads per place and the notice settings', () => {
    expect(loadFixture(new URL('./fixtures/lock.valid.json', import.meta.url)).get('lock', 'studio-lock')).toEqual({
      id: 'studio-lock',
      title: 'スタジオの鍵',
      service: 's',
      devices: [{ resource: 'studio', deviceId: 'F7538E1ABCEB', title: 'スタジオ入口' }],
      noticeMinutes: 30,
      allDayNotice: '15:00',
    });
  });
});
