import { sql } from 'drizzle-orm';
import { builtOnce, type Tx } from '../db/connect.ts';
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
  const messages = await worded(tx, message);
  if (messages.length) await insertMessages(tx, { rows: rowsJson(messages) });
}

/**
 * `emit`'s messages as the JSON array that `outboxRowsInsert` writes, for a statement of the
 * emitting work that stores them itself (the booking's appointment insert): worded now, in the
 * same transaction, and queued only if that statement runs.
 */
export async function outboxRows<T>(tx: Tx, message: Message | Message[] | Templated<T>): Promise<string> {
  return rowsJson(await worded(tx, message));
}

async function worded<T>(tx: Tx, message: Message | Message[] | Templated<T>): Promise<Message[]> {
  if (Array.isArray(message)) return message;
  return 'template' in message ? render(tx, message) : [message];
}

function rowsJson(messages: Message[]): string {
  return JSON.stringify(
    messages.map((m) => ({
      clinic_id: m.clinicId,
      patient_id: m.patientId ?? null,
      appointment_id: m.appointmentId ?? null,
      appointment_start: m.appointmentStart?.toISOString() ?? null,
      waitlist_offer_id: m.waitlistOfferId ?? null,
      kind: m.kind,
      to_address: m.to,
      subject: m.subject,
      text: m.text,
      ics: m.ics ?? null,
      send_after: m.sendAfter.toISOString(),
      created_at: m.now.toISOString(),
      // Without an address nothing can be delivered; the row stays visible to staff with the reason.
      status: m.skipped ? 'skipped' : 'pending',
      last_error: m.skipped ?? null,
    })),
  );
}

/** The INSERT of the messages (`outboxRows`) in the JSON array placeholder `param`. */
export const outboxRowsInsert = (param: string) => sql`insert into ${outboxMessages} (clinic_id, patient_id,
      appointment_id, appointment_start, waitlist_offer_id, kind, to_address, subject, text, ics, send_after,
      created_at, status, last_error)
    select clinic_id, patient_id, appointment_id, appointment_start, waitlist_offer_id, kind, to_address,
      subject, text, ics, send_after, created_at, status, last_error
    from jsonb_to_recordset(${sql.placeholder(param)}::jsonb) as m(clinic_id uuid, patient_id uuid,
      appointment_id uuid, appointment_start timestamptz, waitlist_offer_id uuid, kind text, to_address text,
      subject text, text text, ics text, send_after timestamptz, created_at timestamptz, status text,
      last_error text)`;

/**
 * The messages' INSERT, built once (see `builtOnce`): the rows travel as one JSON array, so a
 * booking's confirmation and reminders are one parameter instead of forty to build.
 */
const insertMessages = builtOnce('stillpoint_outbox_insert', () => outboxRowsInsert('rows'));

async function render<T>(tx: Tx, event: Templated<T>): Promise<Message[]> {
  const words = renderers.get(event.template.name) as Render<T> | undefined;
  if (!words) {
    throw new Error(
      `outbox: no template registered for "${event.template.name}"; the feature that words it is not loaded (the app loads every feature through src/server/routes.ts)`,
    );
  }
  return words(tx, event.data);
}
