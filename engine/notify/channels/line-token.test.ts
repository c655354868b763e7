// Which Messaging API channel a LINE push goes through: the tenant's own token
// (LINE_CHANNEL_ACCESS_TOKEN_<TENANT>, as the LINE talk uses it) before the operator-wide
// one; a tenant with neither is held, not sent with another tenant's token.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { createChannelsFromEnv } from './index';
import type { Delivery } from './types';

const delivery = (tenant: string): Delivery => ({ id: 1, deliveryKey: 'k-1', tenant, event: 'booking.reminder', channel: 'line', recipient: 'U1', subject: '件名', text: '本文', data: {}, attempt: 1 });

describe('LINE push token', () => {
  it('uses the tenant’s own channel token, then the operator-wide one', async () => {
    const seen: string[] = [];
    const server = createServer((req, res) => {
      seen.push(`${req.url} ${req.headers.authorization}`);
      req.resume();
      req.on('end', () => res.writeHead(200, { 'content-type': 'application/json' }).end('{}'));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    try {
      const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const { channels, report } = createChannelsFromEnv({ LINE_CHANNEL_ACCESS_TOKEN_KITA_KU: 'kita-token', LINE_CHANNEL_ACCESS_TOKEN: 'operator-token', LINE_API_BASE: base });
      expect(report.find((r) => r.startsWith('line:'))).toContain('KITA_KU');
      expect(channels.line!.unavailable!(delivery('kita-ku'))).toBeUndefined();
      await channels.line!.send(delivery('kita-ku'));
      await channels.line!.send(delivery('minami-cho'));
      expect(seen).toEqual(['/v2/bot/message/push Bearer kita-token', '/v2/bot/message/push Bearer operator-token']);
    } finally {
      await new Promise((r) => server.close(r));
    }
  });

  it('is configured by a tenant token alone, and holds the messages of a tenant without one', () => {
    const { channels } = createChannelsFromEnv({ LINE_CHANNEL_ACCESS_TOKEN_KITA_KU: 'kita-token' });
    expect(channels.line!.unavailable!(delivery('kita-ku'))).toBeUndefined();
    expect(channels.line!.unavailable!(delivery('kita'))).toContain('kita');
    expect(createChannelsFromEnv({}).channels.line).toBeUndefined();
  });
});
