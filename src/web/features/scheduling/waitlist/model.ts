import { DateTime } from 'luxon';
import { addDays, daysBetween, dayOf, isIsoDate, timeIn } from '../time';

/** Shapes of the waiting-list API (`/api/v1/waitlist`) and pure helpers to show them. */

export type EntryStatus = 'waiting' | 'offered' | 'booked' | 'cancelled';
export type OfferStatus = 'pending' | 'accepted' | 'declined' | 'expired' | 'withdrawn';

export interface WaitlistOffer {
  id: string;
  entryId: string;
  appointmentId: string;
  practitionerId: string;
  start: string;
  end: string;
  status: OfferStatus;
  offeredAt: string;
  expiresAt: string;
  respondedAt: string | null;
  /** On the offers list. */
  patientId?: string;
  patientName?: string;
}

export interface WaitlistEntry {
  id: string;
  patientId: string;
  /** `null`: any practitioner. */
  practitionerId: string | null;
  appointmentType: string;
  /** The window as instants; `to` is exclusive (the midnight after the last day). */
  from: string;
  to: string;
  status: EntryStatus;
  note: string | null;
  createdAt: string;
  patientName?: string;
  /** The open (pending) offer, if any. */
  offer: WaitlistOffer | null;
}

/** The server's limit on one entry's window. */
export const MAX_WINDOW_DAYS = 92;

/** What the offer is now: a pending offer whose hold has run out is expired, whatever the runner has done yet. */
export function effectiveOfferStatus(
  offer: Pick<WaitlistOffer, 'status' | 'expiresAt'>,
  now: number,
): OfferStatus {
  if (offer.status === 'pending' && Date.parse(offer.expiresAt) <= now) return 'expired';
  return offer.status;
}

export function isLive(offer: Pick<WaitlistOffer, 'status' | 'expiresAt'>, now: number): boolean {
  return effectiveOfferStatus(offer, now) === 'pending';
}

const OFFER_LABELS: Record<OfferStatus, string> = {
  pending: 'Offered',
  accepted: 'Accepted',
  declined: 'Declined',
  expired: 'Expired',
  withdrawn: 'Withdrawn',
};

export function offerStatusLabel(status: OfferStatus): string {
  return OFFER_LABELS[status] ?? status;
}

export function offerStatusColor(status: OfferStatus): string {
  if (status === 'pending') return 'amber';
  if (status === 'accepted') return 'sage';
  if (status === 'declined' || status === 'withdrawn') return 'gray';
  return 'red';
}

const ENTRY_LABELS: Record<EntryStatus, string> = {
  waiting: 'Waiting',
  offered: 'Offered a time',
  booked: 'Booked',
  cancelled: 'Left the list',
};

export function entryStatusLabel(status: EntryStatus): string {
  return ENTRY_LABELS[status] ?? status;
}

export function entryStatusColor(status: EntryStatus): string {
  if (status === 'waiting') return 'blue';
  if (status === 'offered') return 'amber';
  if (status === 'booked') return 'sage';
  return 'gray';
}

/**
 * Time left on a hold, in words that do not need to change every second: "1 h 05 min left",
 * "12 min left", "less than a minute left", or "expired".
 */
export function timeLeft(expiresAt: string, now: number): string {
  const ms = Date.parse(expiresAt) - now;
  if (!(ms > 0)) return 'expired';
  const minutes = Math.floor(ms / 60_000);
  if (minutes < 1) return 'less than a minute left';
  if (minutes < 60) return `${minutes} min left`;
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return `${h} h ${String(m).padStart(2, '0')} min left`;
}

/**
 * "Held until 10:42 AM (1 h 05 min left)"; the date is added when the hold ends on another day than
 * `now` in that zone; "Hold expired at 10:42 AM" once it is over.
 */
export function holdLabel(expiresAt: string, now: number, zone: string): string {
  const at = DateTime.fromISO(expiresAt, { zone });
  if (!at.isValid) return expiresAt;
  const sameDay = at.toISODate() === DateTime.fromMillis(now, { zone }).toISODate();
  const when = sameDay
    ? timeIn(expiresAt, zone)
    : `${at.toFormat('ccc, LLL d')} at ${timeIn(expiresAt, zone)}`;
  const left = timeLeft(expiresAt, now);
  return left === 'expired' ? `Hold expired at ${when}` : `Held until ${when} (${left})`;
}

/** The last day a window covers (its `to` is the exclusive midnight after it), `YYYY-MM-DD`. */
export function lastDayOf(toExclusive: string, zone: string): string {
  return dayOf(new Date(Date.parse(toExclusive) - 1).toISOString(), zone);
}

/** "Mar 15 – 26, 2027", "Mar 29 – Apr 2, 2027", "Mar 15, 2027" for a window given as instants. */
export function windowLabel(from: string, toExclusive: string, zone: string): string {
  const a = DateTime.fromISO(dayOf(from, zone), { zone: 'UTC' });
  const b = DateTime.fromISO(lastDayOf(toExclusive, zone), { zone: 'UTC' });
  if (!a.isValid || !b.isValid) return `${from} – ${toExclusive}`;
  if (a.hasSame(b, 'day')) return a.toFormat('LLL d, yyyy');
  if (a.year !== b.year) return `${a.toFormat('LLL d, yyyy')} – ${b.toFormat('LLL d, yyyy')}`;
  if (a.month !== b.month) return `${a.toFormat('LLL d')} – ${b.toFormat('LLL d, yyyy')}`;
  return `${a.toFormat('LLL d')} – ${b.toFormat('d, yyyy')}`;
}

/** A sensible first window: from tomorrow for two weeks. */
export function defaultWindow(today: string): { from: string; to: string } {
  return { from: addDays(today, 1), to: addDays(today, 14) };
}

/**
 * Checks a window of days (inclusive) as the server will, so the form can say what to fix before
 * sending. Returns messages keyed by field; empty when the window is fine.
 */
export function windowErrors(
  from: string,
  to: string,
  today: string,
): Partial<Record<'from' | 'to', string>> {
  const errors: Partial<Record<'from' | 'to', string>> = {};
  if (!isIsoDate(from)) errors.from = 'Enter the first day you could come.';
  if (!isIsoDate(to)) errors.to = 'Enter the last day you could come.';
  if (errors.from || errors.to) return errors;
  if (to < today) errors.to = 'Choose a last day that is today or later.';
  else if (to < from) errors.to = 'The last day must be on or after the first day.';
  else if (daysBetween(from, to) + 1 > MAX_WINDOW_DAYS)
    errors.to = `Wait for at most ${MAX_WINDOW_DAYS} days at a time; choose an earlier last day.`;
  return errors;
}

/**
 * Open entries first (offered, then waiting), then booked and cancelled ones. Within a group the
 * server's order is kept: it is the queue order in which freed times are offered.
 */
export function sortEntries<T extends Pick<WaitlistEntry, 'status'>>(entries: readonly T[]): T[] {
  const rank: Record<EntryStatus, number> = { offered: 0, waiting: 1, booked: 2, cancelled: 3 };
  return [...entries].sort((a, b) => (rank[a.status] ?? 9) - (rank[b.status] ?? 9));
}

/** The entry's status now: "offered" falls back to "waiting" once its offer's hold has run out. */
export function effectiveEntryStatus(e: Pick<WaitlistEntry, 'status' | 'offer'>, now: number): EntryStatus {
  if (e.status === 'offered' && (!e.offer || !isLive(e.offer, now))) return 'waiting';
  return e.status;
}

export function isOpenEntry(e: Pick<WaitlistEntry, 'status' | 'to'>, now: number): boolean {
  return (e.status === 'waiting' || e.status === 'offered') && Date.parse(e.to) > now;
}
