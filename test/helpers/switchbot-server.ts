// A local server speaking the part of SwitchBot's Open API v1.1 the lock block uses
// (github.com/OpenWonderLabs/SwitchBotAPI): every request signed (sign = base64
// HMAC-SHA256(secret, token + t + nonce)), the createKey / deleteKey commands, and the
// Keypad's keyList in its status. `online = false` plays a hub that is offline (171).
import { createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeKey {
  id: number;
  deviceId: string;
  name: string;
  password: string;
  startTime: number;
  endTime: number;
}

export interface FakeSwitchBot {
  baseUrl: string;
  token: string;
  secret: string;
  online: boolean;
  keys: FakeKey[];
  /** Commands received, in order, with the device they named. */
  calls: { deviceId: string; command: string }[];
  badSignatures: number;
  reset(): void;
  close(): Promise<void>;
}

export async function startFakeSwitchBot(opts: { token?: string; secret?: string } = {}): Promise<FakeSwitchBot> {
  const fake = {
    token: opts.token ?? 'test-token',
    secret: opts.secret ?? 'test-secret',
    online: true,
    keys: [] as FakeKey[],
    calls: [] as { deviceId: string; command: string }[],
    badSignatures: 0,
  } as FakeSwitchBot;
  let seq = 100;
  fake.reset = () => Object.assign(fake, { online: true, keys: [], calls: [], badSignatures: 0 });
  const server: Server = createServer((req, res) => {
    let raw = '';
    req.on('data', (d) => (raw += d));
    req.on('end', () => {
      const send = (status: number, body: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(body));
      };
      const { authorization, sign, t, nonce } = req.headers as Record<string, string>;
      const expected = createHmac('sha256', fake.secret).update(`${authorization}${t}${nonce}`).digest('base64');
      if (authorization !== fake.token || sign !== expected || !/^\d{13}$/.test(t ?? '')) {
        fake.badSignatures++;
        return send(401, { message: 'Unauthorized' });
      }
      if (!fake.online) return send(200, { statusCode: 171, body: {}, message: 'hub device is offline' });
      const m = /^\/v1\.1\/devices\/([^/]+)\/(commands|status)$/.exec(req.url ?? '');
      if (!m) return send(404, { message: 'not found' });
      const deviceId = decodeURIComponent(m[1]);
      const mine = fake.keys.filter((k) => k.deviceId === deviceId);
      if (m[2] === 'status') return send(200, { statusCode: 100, body: { deviceId, deviceType: 'Keypad', keyList: mine.map((k) => ({ id: k.id, name: k.name, type: 'timeLimit', status: 'normal' })) }, message: 'success' });
      const cmd = JSON.parse(raw) as { command: string; parameter: any };
      fake.calls.push({ deviceId, command: cmd.command });
      if (cmd.command === 'createKey') {
        if (mine.some((k) => k.name === cmd.parameter.name)) return send(200, { statusCode: 190, body: {}, message: 'duplicate name' });
        fake.keys.push({ id: ++seq, deviceId, name: cmd.parameter.name, password: cmd.parameter.password, startTime: cmd.parameter.startTime, endTime: cmd.parameter.endTime });
        return send(200, { statusCode: 100, body: { commandId: `CMD${seq}` }, message: 'success' });
      }
      if (cmd.command === 'deleteKey') {
        fake.keys = fake.keys.filter((k) => !(k.deviceId === deviceId && String(k.id) === String(cmd.parameter.id)));
        return send(200, { statusCode: 100, body: { commandId: 'CMD-del' }, message: 'success' });
      }
      return send(200, { statusCode: 160, body: {}, message: 'unknown command' });
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  fake.baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  fake.close = () => new Promise((r) => server.close(() => r()));
  return fake;
}
