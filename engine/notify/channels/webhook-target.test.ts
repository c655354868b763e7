import { describe, expect, it } from 'vitest';
import { blockedAddressReason, parseAllowHosts, resolveWebhookTarget } from './webhook-target';

describe('webhook targets', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['127.255.0.9', 'loopback'],
    ['0.0.0.0', 'unspecified'],
    ['10.1.2.3', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.1.1', 'private'],
    ['169.254.169.254', 'link-local'],
    ['100.64.0.1', 'cgnat'],
    ['100.127.255.254', 'cgnat'],
    ['224.0.0.1', 'multicast'],
    ['255.255.255.255', 'reserved'],
    ['::', 'unspecified'],
    ['::1', 'loopback'],
    ['fc00::1', 'private'],
    ['fd12:3456::1', 'private'],
    ['fe80::1', 'link-local'],
    ['fe80::1%eth0', 'link-local'],
    ['ff02::1', 'multicast'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:7f00:1', 'loopback'],
    ['::ffff:a9fe:a9fe', 'link-local'],
    ['::10.0.0.1', 'private'],
    ['64:ff9b::192.168.0.1', 'private'],
    ['2002:c0a8:0101::1', 'private'], // 6to4 of 192.168.1.1
  ])('%s is %s', (address, why) => {
    expect(blockedAddressReason(address)).toBe(why);
  });

  it.each(['8.8.8.8', '172.32.0.1', '100.128.0.1', '203.0.113.7', '2001:4860:4860::8888', '::ffff:8.8.8.8', '2002:0808:0808::1'])('%s is public', (address) => {
    expect(blockedAddressReason(address)).toBeUndefined();
  });

  it('lets the operator allow hosts and addresses, written in any case or bracket form', async () => {
    const allow = parseAllowHosts(' LocalHost , [::1],127.0.0.1,');
    expect([...allow]).toEqual(['localhost', '0:0:0:0:0:0:0:1', '127.0.0.1']);
    const fixed = (address: string) => async () => [{ address, family: 4 as const }];
    await expect(resolveWebhookTarget(new URL('http://localhost:8080/x'), allow, fixed('127.0.0.1'))).resolves.toEqual({ address: '127.0.0.1', family: 4 });
    await expect(resolveWebhookTarget(new URL('http://[::1]:8080/x'), allow, fixed('unused'))).resolves.toEqual({ address: '0:0:0:0:0:0:0:1', family: 6 });
    await expect(resolveWebhookTarget(new URL('http://[::1]:8080/x'), new Set(), fixed('unused'))).rejects.toThrow('loopback');
    await expect(resolveWebhookTarget(new URL('http://intranet.example/x'), allow, fixed('10.0.0.5'))).rejects.toThrow('private');
    // Other spellings of loopback are normalised by the URL parser before the check.
    for (const u of ['http://2130706433/', 'http://0x7f.1/', 'http://127.1/', 'http://[::ffff:127.0.0.1]/']) {
      await expect(resolveWebhookTarget(new URL(u), new Set(), fixed('unused'))).rejects.toThrow('loopback');
    }
  });
});
