// SwitchBot Open API v1.1 (github.com/OpenWonderLabs/SwitchBotAPI): the three calls a
// Keypad needs for booking passcodes. Every request is signed: sign =
// base64(HMAC-SHA256(secret, token + t + nonce)) with t in milliseconds, sent with the
// token (Authorization), t and nonce headers. statusCode 100 is success; 161 (device
// offline), 171 (hub offline) and 190 (device busy / out of sync) are worth retrying.
import { createHmac, randomUUID } from 'node:crypto';

export interface SwitchBotConfig {
  token: string;
  secret: string;
  /** https://api.switch-bot.com unless a test points it at a local server. */
  baseUrl?: string;
  fetch?: typeof fetch;
  timeoutMs?: number;
}

export type CallResult<T> = { ok: true; value: T } | { ok: false; retry: boolean; reason: string };

export interface KeyOnDevice {
  id: string;
  name: string;
  status?: string;
}

export interface SwitchBotClient {
  createKey(deviceId: string, key: { name: string; password: string; startTime: number; endTime: number }): Promise<CallResult<{ commandId: string | null }>>;
  listKeys(deviceId: string): Promise<CallResult<KeyOnDevice[]>>;
  deleteKey(deviceId: string, id: string): Promise<CallResult<null>>;
}

const RETRYABLE = new Set([161, 171, 190]);

export function signHeaders(token: string, secret: string, t = Date.now(), nonce = randomUUID()): Record<string, string> {
  const sign = createHmac('sha256', secret).update(`${token}${t}${nonce}`).digest('base64');
  return { Authorization: token, sign, t: String(t), nonce, 'Content-Type': 'application/json; charset=utf8' };
}

export function createSwitchBot(cfg: SwitchBotConfig): SwitchBotClient {
  const base = (cfg.baseUrl ?? 'https://api.switch-bot.com').replace(/\/+$/, '');
  const doFetch = cfg.fetch ?? fetch;
  const call = async <T>(method: 'GET' | 'POST', path: string, body: unknown, read: (b: any) => T): Promise<CallResult<T>> => {
    let res: Response;
    try {
      res = await doFetch(`${base}${path}`, {
        method,
        headers: signHeaders(cfg.token, cfg.secret),
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        signal: AbortSignal.timeout(cfg.timeoutMs ?? 10_000),
      });
    } catch (e) {
      return { ok: false, retry: true, reason: `network: ${(e as Error).message}` };
    }
    if (res.status === 401 || res.status === 403) return { ok: false, retry: false, reason: `refused (${res.status}): check SWITCHBOT token and secret` };
    if (res.status >= 500 || res.status === 429) return { ok: false, retry: true, reason: `HTTP ${res.status}` };
    let json: any;
    try {
      json = await res.json();
    } catch {
      return { ok: false, retry: true, reason: `HTTP ${res.status}: not JSON` };
    }
    if (json?.statusCode === 100) return { ok: true, value: read(json.body) };
    const code = Number(json?.statusCode);
    return { ok: false, retry: RETRYABLE.has(code), reason: `statusCode ${code}: ${String(json?.message ?? '')}`.slice(0, 200) };
  };
  const devicePath = (id: string) => `/v1.1/devices/${encodeURIComponent(id)}`;
  return {
    createKey: (deviceId, key) =>
      call('POST', `${devicePath(deviceId)}/commands`, { commandType: 'command', command: 'createKey', parameter: { name: key.name, type: 'timeLimit', password: key.password, startTime: key.startTime, endTime: key.endTime } }, (b) => ({
        commandId: typeof b?.commandId === 'string' ? b.commandId : null,
      })),
    listKeys: (deviceId) =>
      call('GET', `${devicePath(deviceId)}/status`, undefined, (b) =>
        (Array.isArray(b?.keyList) ? b.keyList : []).map((k: any) => ({ id: String(k.id), name: String(k.name), ...(k.status ? { status: String(k.status) } : {}) })),
      ),
    deleteKey: (deviceId, id) => call('POST', `${devicePath(deviceId)}/commands`, { commandType: 'command', command: 'deleteKey', parameter: { id } }, () => null),
  };
}

/** The tenant's client from SWITCHBOT_TOKEN_<TENANT> / SWITCHBOT_SECRET_<TENANT> (or the unsuffixed names), or undefined. */
export function switchBotFromEnv(env: Readonly<Record<string, string | undefined>>, tenant: string): SwitchBotClient | undefined {
  const suffix = tenant.toUpperCase().replace(/[^A-Z0-9]/g, '_');
  const token = env[`SWITCHBOT_TOKEN_${suffix}`] ?? env.SWITCHBOT_TOKEN;
  const secret = env[`SWITCHBOT_SECRET_${suffix}`] ?? env.SWITCHBOT_SECRET;
  if (!token || !secret) return undefined;
  return createSwitchBot({ token, secret, ...(env.SWITCHBOT_BASE_URL ? { baseUrl: env.SWITCHBOT_BASE_URL } : {}) });
}
