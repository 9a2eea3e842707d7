import type { Tx } from '../db/connect.ts';
import { outboxMessages } from '../db/schema.ts';
import type { MessageKind } from '../../domain/scheduling/messages.ts';

/**
 * A message written out in full: to whom, what it says, from when it may go. The row is written in
 * the caller's transaction, so it exists exactly when the work that caused it committed; the
 * notifications feature's delivery job sends it later.
 */
export interface Message {
  kind: MessageKind;
  clinicId: string;
  patientId?: string | null;
  /** The visit it is about: its reminders are skipped when the visit is cancelled or moved. */
  appointmentId?: string | null;
  appointmentStart?: Date | null;
  waitlistOfferId?: string | null;
  /** Null when there is no address on file: the row is kept, as skipped (see `skipped`). */
  to: string | null;
  subject: string;
  text: string;
  /** An iCalendar attachment (an invitation or a cancellation). */
  ics?: string | null;
  sendAfter: Date;
  /** When it was written. */
  now: Date;
  /** Written as not to be sent, with this reason for staff to read (no address on file). */
  skipped?: string | null;
}

/**
 * The name of a kind of event whose messages another feature words: the feature that emits it owns
 * the data (`T`), the feature that registered the template owns the words. So scheduling can say
 * "this visit was booked" without importing the notifications feature, and notifications can
 * word it without scheduling knowing any template.
 */
export interface MessageTemplate<T> {
  readonly name: string;
  /** Carries `T` for the type checker only. */
  readonly data?: (data: T) => void;
}

export const messageTemplate = <T>(name: string): MessageTemplate<T> => ({ name });

/** An event to be worded by its template: what `emit` accepts besides a message written out. */
export interface Templated<T> {
  template: MessageTemplate<T>;
  data: T;
}

/** Words an event as messages; runs in the emitting transaction (it may read or update with `tx`). */
export type Render<T> = (tx: Tx, data: T) => Promise<Message[]>;

const renderers = new Map<string, Render<never>>();

/** Registers the words of a template (once, when the feature that owns them is loaded). */
export function renderWith<T>(template: MessageTemplate<T>, render: Render<T>): void {
  if (renderers.has(template.name))
    throw new Error(`outbox: the template "${template.name}" is registered twice`);
  renderers.set(template.name, render);
}

/**
 * Queues messages in the transactional outbox: the one way a feature sends anything. Pass the
 * message written out, several, or an event with its template. Call it with the transaction of
 * the work the message announces; nothing is sent if that transaction rolls back.
 */
export async function emit<T>(tx: Tx, message: Message | Message[] | Templated<T>): Promise<void> {
  const messages = Array.isArray(message)
    ? message
    : 'template' in message
      ? await render(tx, message)
      : [message];
  if (!messages.length) return;
  await tx.insert(outboxMessages).values(
    messages.map((m) => ({
      clinicId: m.clinicId,
      patientId: m.patientId ?? null,
      appointmentId: m.appointmentId ?? null,
      appointmentStart: m.appointmentStart ?? null,
      waitlistOfferId: m.waitlistOfferId ?? null,
      kind: m.kind,
      toAddress: m.to,
      subject: m.subject,
      text: m.text,
      ics: m.ics ?? null,
      sendAfter: m.sendAfter,
      createdAt: m.now,
      // Without an address nothing can be delivered; the row stays visible to staff with the reason.
      ...(m.skipped ? { status: 'skipped', lastError: m.skipped } : {}),
    })),
  );
}

async function render<T>(tx: Tx, event: Templated<T>): Promise<Message[]> {
  const words = renderers.get(event.template.name) as Render<T> | undefined;
  if (!words) {
    throw new Error(
      `outbox: no template registered for "${event.template.name}"; the feature that words it is not loaded (the app loads every feature through src/server/routes.ts)`,
    );
  }
  return words(tx, event.data);
}
