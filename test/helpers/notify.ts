// Local servers for the notification channels: a real SMTP server (smtp-server)
// that decodes what it receives, and a node:http server that records requests.
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import { SMTPServer } from 'smtp-server';
import type { Channel, Delivery } from '../../engine/notify/channels/types';
import type { ChannelName } from '../../engine/notify/events';
import { freePort } from './server-process';

export interface ReceivedMail {
  from: string;
  to: string[];
  headers: Record<string, string>;
  subject: string;
  messageId: string;
  text: string;
  html: string;
  raw: string;
}

export interface SmtpSink {
  url: string;
  port: number;
  mails: ReceivedMail[];
  /** Refuse the next messages with this SMTP code (e.g. 451 = try later, 550 = no such mailbox). */
  refuseNext(code: number, times?: number): void;
  close(): Promise<void>;
}

export async function startSmtpServer(auth = { user: 'notifier', pass: 's3cret' }): Promise<SmtpSink> {
  const port = await freePort();
  const mails: ReceivedMail[] = [];
  let refuse: { code: number; times: number } | undefined;
  const server = new SMTPServer({
    logger: false,
    disableReverseLookup: true,
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    onAuth(a, _session, cb) {
      if (a.username === auth.user && a.password === auth.pass) cb(null, { user: a.username });
      else cb(new Error('Invalid username or password'));
    },
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        if (refuse && refuse.times > 0) {
          refuse.times--;
          const err = Object.assign(new Error(refuse.code >= 500 ? 'Mailbox unavailable' : 'Try again later'), { responseCode: refuse.code });
          return cb(err);
        }
        const raw = Buffer.concat(chunks).toString('utf8');
        const mail = parseMail(raw);
        mails.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          headers: mail.headers,
          subject: mail.headers.subject ?? '',
          messageId: mail.headers['message-id'] ?? '',
          text: mail.text,
          html: mail.html,
          raw,
        });
        cb();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', () => resolve()));
  return {
    port,
    url: `smtp://${auth.user}:${auth.pass}@127.0.0.1:${port}`,
    mails,
    refuseNext: (code, times = 1) => {
      refuse = { code, times };
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

// ── a small MIME reader (enough for what nodemailer writes) ──

function qpBytes(s: string): Buffer {
  const bytes: number[] = [];
  const src = s.replace(/=\r?\n/g, '');
  for (let i = 0; i < src.length; i++) {
    if (src[i] === '=' && /^[0-9A-Fa-f]{2}$/.test(src.slice(i + 1, i + 3))) {
      bytes.push(parseInt(src.slice(i + 1, i + 3), 16));
      i += 2;
    } else bytes.push(...Buffer.from(src[i], 'utf8'));
  }
  return Buffer.from(bytes);
}

function decodeWords(s: string): string {
  return s
    .replace(/(=\?[^?]+\?[BbQq]\?[^?]*\?=)\s+(?==\?)/g, '$1')
    .replace(/=\?[^?]+\?([BbQq])\?([^?]*)\?=/g, (_m, enc: string, data: string) =>
      enc.toUpperCase() === 'B' ? Buffer.from(data, 'base64').toString('utf8') : qpBytes(data.replace(/_/g, ' ')).toString('utf8'),
    );
}

function splitHead(raw: string): { headers: Record<string, string>; body: string } {
  const at = raw.search(/\r?\n\r?\n/);
  const head = at < 0 ? raw : raw.slice(0, at);
  const body = at < 0 ? '' : raw.slice(at).replace(/^\r?\n\r?\n/, '');
  const headers: Record<string, string> = {};
  for (const line of head.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const i = line.indexOf(':');
    if (i > 0) headers[line.slice(0, i).trim().toLowerCase()] = decodeWords(line.slice(i + 1).trim());
  }
  return { headers, body };
}

export function parseMail(raw: string): { headers: Record<string, string>; text: string; html: string } {
  const { headers, body } = splitHead(raw);
  const out = { headers, text: '', html: '' };
  const walk = (h: Record<string, string>, b: string) => {
    const type = (h['content-type'] ?? 'text/plain').toLowerCase();
    const boundary = /boundary="?([^";]+)"?/i.exec(h['content-type'] ?? '')?.[1];
    if (type.startsWith('multipart/') && boundary) {
      for (const part of b.split(`--${boundary}`).slice(1)) {
        if (part.startsWith('--')) break;
        const p = splitHead(part.replace(/^\r?\n/, ''));
        walk(p.headers, p.body);
      }
      return;
    }
    const cte = (h['content-transfer-encoding'] ?? '7bit').toLowerCase();
    const decoded = cte === 'base64' ? Buffer.from(b.replace(/\s+/g, ''), 'base64').toString('utf8') : cte === 'quoted-printable' ? qpBytes(b).toString('utf8') : b;
    if (type.startsWith('text/html')) out.html += decoded;
    else if (type.startsWith('text/plain')) out.text += decoded;
  };
  walk(headers, body);
  return out;
}

// ── HTTP recorder (LINE, webhooks) ──

export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  rawBody: string;
}

export interface HttpRecorder {
  url: string;
  requests: RecordedRequest[];
  close(): Promise<void>;
}

/** Records every request; `respond` decides the answer (default 200 {}). */
export async function startHttpRecorder(respond: (req: RecordedRequest, res: ServerResponse) => void = (_r, res) => res.end('{}')): Promise<HttpRecorder> {
  const port = await freePort();
  const requests: RecordedRequest[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const r = { method: req.method ?? '', path: req.url ?? '', headers: req.headers, rawBody: Buffer.concat(chunks).toString('utf8') };
      requests.push(r);
      respond(r, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', () => resolve()));
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A channel that records what it is given (for scheduling tests where the transport does not matter). */
export function captureChannel(name: ChannelName): Channel & { sent: Delivery[] } {
  const sent: Delivery[] = [];
  return {
    name,
    sent,
    async send(d) {
      sent.push(d);
      return { ref: `captured ${sent.length}` };
    },
  };
}
