// Email over SMTP (nodemailer), configured by SMTP_URL and MAIL_FROM.
//
// SMTP has no idempotency key: if the process dies after the server accepted
// the message but before the outbox row was marked sent, the worker sends it
// again. What we do: the Message-ID is derived from the delivery key, so both
// copies carry the same Message-ID (mail stores and clients that de-duplicate
// by Message-ID show one), and the window is kept to the few milliseconds
// between the server's "250 OK" and our commit.
import nodemailer from 'nodemailer';
import type { Channel, Delivery } from './types';
import { DeliveryError } from './types';

export interface SmtpOptions {
  /** smtp://user:pass@host:587 or smtps://… */
  url: string;
  /** From address, e.g. "さくらみなと市 <yoyaku@example.jp>". */
  from: string;
  /** Timeouts (ms); they must stay below the worker's lease. */
  timeoutMs?: number;
}

/** Domain of the From address, for Message-IDs. */
export function mailDomain(from: string): string {
  const m = /@([^>\s]+)>?\s*$/.exec(from);
  return m ? m[1] : 'localhost';
}

export function messageIdFor(deliveryKey: string, from: string): string {
  return `<${deliveryKey}@${mailDomain(from)}>`;
}

export function createSmtpChannel(opts: SmtpOptions): Channel {
  const timeout = opts.timeoutMs ?? 30_000;
  const transport = nodemailer.createTransport({
    url: opts.url,
    connectionTimeout: timeout,
    greetingTimeout: timeout,
    socketTimeout: timeout,
  });
  return {
    name: 'email',
    async send(d: Delivery) {
      try {
        const info = await transport.sendMail({
          from: opts.from,
          to: d.recipient,
          subject: d.subject,
          text: d.text,
          ...(d.html ? { html: `<!DOCTYPE html><html lang="ja"><body>${d.html}</body></html>` } : {}),
          messageId: messageIdFor(d.deliveryKey, opts.from),
          headers: { 'X-Muni-Delivery': d.deliveryKey },
        });
        if (info.rejected?.length) throw new DeliveryError(`rejected: ${String(info.response ?? '')}`, true);
        return { ref: String(info.response ?? info.messageId) };
      } catch (e) {
        if (e instanceof DeliveryError) throw e;
        const err = e as { message?: string; responseCode?: number; permanent?: boolean; code?: string };
        const permanent = err.permanent ?? (err.responseCode !== undefined && err.responseCode >= 500 && err.responseCode !== 503);
        throw new DeliveryError(`${err.code ?? 'SMTP'} ${err.responseCode ?? ''} ${err.message ?? String(e)}`.replace(/\s+/g, ' ').trim(), permanent, { cause: e });
      }
    },
    close: () => transport.close(),
  };
}
