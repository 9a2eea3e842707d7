import { query } from '../../../api/client';
import type { MessageKind, MessageStatus } from '../../../../domain/scheduling/messages.ts';

/** Shapes of the outbox API (`/api/v1/outbox`) and pure helpers to show them. */

export {
  MESSAGE_KINDS,
  MESSAGE_STATUSES,
  type MessageKind,
  type MessageStatus,
} from '../../../../domain/scheduling/messages.ts';

export interface OutboxMessage {
  id: string;
  kind: MessageKind;
  status: MessageStatus;
  patientId: string | null;
  appointmentId: string | null;
  /** The recipient's address; `null` when the patient has none on file. */
  to: string | null;
  subject: string;
  attempts: number;
  /** Why a message was skipped or failed (or the last failed attempt of a pending one). */
  lastError: string | null;
  sendAfter: string;
  sentAt: string | null;
  /** `dev-mailbox` or `smtp` once sent. */
  transport: string | null;
  hasCalendarInvite: boolean;
  createdAt: string;
}

export interface OutboxMessageFull extends OutboxMessage {
  text: string;
}

export interface OutboxList {
  results: OutboxMessage[];
  /** `development`: nothing is emailed, the outbox is the mailbox. */
  mailbox?: 'smtp' | 'development';
}

export function outboxPath(
  params: { status?: string; kind?: string; patientId?: string; limit?: number } = {},
) {
  return `/api/v1/outbox${query(params)}`;
}

export function messagePath(id: string): string {
  return `/api/v1/outbox/${encodeURIComponent(id)}`;
}

export function icsPath(id: string): string {
  return `/api/v1/outbox/${encodeURIComponent(id)}/ics`;
}

const KIND_LABELS: Record<MessageKind, string> = {
  confirmation: 'Confirmation',
  reminder: 'Reminder',
  cancellation: 'Cancellation',
  'waitlist-offer': 'Waitlist offer',
  reschedule: 'Visit moved',
  'portal-invitation': 'Portal invitation',
  'email-verification': 'Email confirmation',
  'account-notice': 'Account notice',
};

export function kindLabel(kind: string): string {
  return KIND_LABELS[kind as MessageKind] ?? kind;
}

/**
 * The status in words, distinguishing a message waiting for its time (a reminder) from one that
 * is due and about to go, and one that is being retried after a failure.
 */
export function messageStatusLabel(
  m: Pick<OutboxMessage, 'status' | 'sendAfter' | 'lastError'>,
  now: number,
): string {
  switch (m.status) {
    case 'sent':
      return 'Sent';
    case 'failed':
      return 'Failed';
    case 'skipped': {
      const cause = skipCause(m);
      return cause === 'cancelled'
        ? 'Cancelled — not sent'
        : cause === 'moved'
          ? 'Moved — not sent'
          : 'Not sent';
    }
    case 'pending':
      if (m.lastError) return 'Retrying';
      return Date.parse(m.sendAfter) > now ? 'Scheduled' : 'Sending';
    default:
      return m.status;
  }
}

/**
 * Why a skipped message was not sent, as the server records it (outbox.ts and the runner write
 * "Appointment cancelled…" or "Appointment moved…"): the visit it was about was cancelled or moved.
 */
export function skipCause(m: Pick<OutboxMessage, 'status' | 'lastError'>): 'cancelled' | 'moved' | null {
  if (m.status !== 'skipped' || !m.lastError) return null;
  if (/^Appointment cancelled\b/.test(m.lastError)) return 'cancelled';
  if (/^Appointment moved\b/.test(m.lastError)) return 'moved';
  return null;
}

export function messageStatusColor(status: string, m?: Pick<OutboxMessage, 'status' | 'lastError'>): string {
  if (status === 'sent') return 'sage';
  if (status === 'failed') return 'red';
  if (status === 'skipped') return m && skipCause(m) === 'cancelled' ? 'amber' : 'gray';
  return 'blue';
}

/** The reason shown beside a status, or null: why it was not sent, or what went wrong last time. */
export function statusReason(m: Pick<OutboxMessage, 'status' | 'lastError' | 'attempts'>): string | null {
  if (!m.lastError) return null;
  if (m.status === 'pending') return `Attempt ${m.attempts} failed: ${m.lastError}. It will be tried again.`;
  if (m.status === 'failed') return `Gave up after ${m.attempts} attempts: ${m.lastError}`;
  return m.lastError;
}

/** Where a sent message went, in words. */
export function transportLabel(transport: string | null): string | null {
  if (transport === 'dev-mailbox') return 'development mailbox (not emailed)';
  if (transport === 'smtp') return 'email (SMTP)';
  return transport;
}

/**
 * Newest first by when they were written; among messages written together (a confirmation and its
 * reminders) the one sent at once comes first, then the reminders in the order they will go.
 */
export function sortMessages<T extends Pick<OutboxMessage, 'createdAt' | 'sendAfter' | 'kind'>>(
  list: readonly T[],
): T[] {
  return [...list].sort(
    (a, b) =>
      Date.parse(b.createdAt) - Date.parse(a.createdAt) ||
      Number(a.kind === 'reminder') - Number(b.kind === 'reminder') ||
      Date.parse(a.sendAfter) - Date.parse(b.sendAfter),
  );
}
