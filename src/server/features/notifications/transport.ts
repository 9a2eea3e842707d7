import nodemailer from 'nodemailer';
import type { MailSettings } from '../../platform/config.ts';

export interface OutgoingMail {
  messageId: string;
  from: string;
  to: string;
  subject: string;
  text: string;
  ics: string | null;
}

/** Where messages go. `name` is recorded on each sent message. */
export interface Transport {
  readonly name: string;
  send(mail: OutgoingMail): Promise<void>;
  close?(): void;
}

/**
 * Development mailbox: nothing leaves the machine. The outbox row itself is the mailbox; staff read
 * it at GET /api/v1/outbox/{id}.
 */
export const devMailbox: Transport = {
  name: 'dev-mailbox',
  send: async () => undefined,
};

const METHOD = /^METHOD:(\w+)/m;

/** SMTP through nodemailer (`SMTP_URL=smtp://user:pass@host:587` or `smtps://…`). */
export function smtpTransport(url: string): Transport {
  const t = nodemailer.createTransport(url);
  return {
    name: 'smtp',
    send: async (m) => {
      await t.sendMail({
        from: m.from,
        to: m.to,
        subject: m.subject,
        text: m.text,
        // An iTIP invitation or cancellation: calendars offer to add, update or remove the visit.
        ...(m.ics
          ? {
              icalEvent: {
                method: METHOD.exec(m.ics)?.[1]?.toLowerCase() ?? 'request',
                filename: 'appointment.ics',
                content: m.ics,
              },
            }
          : {}),
        headers: { 'X-Stillpoint-Message': m.messageId },
      });
    },
    close: () => t.close(),
  };
}

/** SMTP when `SMTP_URL` is set, otherwise the development mailbox. */
export function transportFor(mail: MailSettings): Transport {
  return mail.smtpUrl ? smtpTransport(mail.smtpUrl) : devMailbox;
}

/** From header: `SMTP_FROM`, or the clinic's name with the placeholder address in development. */
export function fromHeader(clinicName: string, from: string | null): string {
  if (from) return from;
  return `"${clinicName.replace(/["\\]/g, '')}" <no-reply@stillpoint.invalid>`;
}
