import { useEffect, useMemo, useState } from 'react';
import { api, isAbortError, query, toApiError, type ApiError } from '../../api/client';
import type {
  Appointment,
  AppointmentType,
  Availability,
  BookingInput,
  Practitioner,
  Slot,
} from '../../../contracts/scheduling.ts';

/** Calls and small hooks for the scheduling screens. */

/**
 * A fresh `Idempotency-Key` for one booking attempt. `crypto.randomUUID` only exists in secure
 * contexts (https, localhost), so a clinic reaching the server over plain http on its LAN gets an
 * equivalent random key from `getRandomValues`.
 */
export function newIdempotencyKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

export function bookAppointment(body: BookingInput, idempotencyKey: string): Promise<Appointment> {
  return api.post<Appointment>('/api/v1/appointments', body, {
    headers: { 'Idempotency-Key': idempotencyKey },
  });
}

export function cancelAppointment(id: string, reason: string): Promise<Appointment> {
  const trimmed = reason.trim();
  return api.post<Appointment>(
    `/api/v1/appointments/${encodeURIComponent(id)}/cancel`,
    trimmed ? { reason: trimmed } : {},
  );
}

export function rescheduleAppointment(id: string, start: string): Promise<Appointment> {
  return api.post<Appointment>(`/api/v1/appointments/${encodeURIComponent(id)}/reschedule`, { start });
}

/** Front desk: check in, complete, or record a no-show. */
export function setAppointmentStatus(
  id: string,
  status: 'checked-in' | 'completed' | 'no-show',
  note?: string,
): Promise<Appointment> {
  return api.post<Appointment>(`/api/v1/appointments/${encodeURIComponent(id)}/status`, {
    status,
    ...(note ? { note } : {}),
  });
}

export function appointmentsPath(params: {
  from?: string;
  to?: string;
  practitionerId?: string;
  patientId?: string;
  status?: string;
}): string {
  return `/api/v1/appointments${query(params)}`;
}

/** The slug at the end of a problem `type` ("…/problems/booking-limit" → "booking-limit"). */
export function problemSlug(error: ApiError): string {
  const type = error.problem.type ?? '';
  return type.slice(type.lastIndexOf('/') + 1);
}

/** The `reason` a 409 slot problem carries (conflict, misaligned, too-soon, …). */
export function problemReason(error: ApiError): string | undefined {
  const reason = (error.problem as { reason?: unknown }).reason;
  return typeof reason === 'string' ? reason : undefined;
}

/** A 409 that means "this time is not free any more": show fresh times. */
export function isSlotGone(error: ApiError): boolean {
  if (error.status !== 409) return false;
  const slug = problemSlug(error);
  return slug === 'slot-unavailable' || (!!problemReason(error) && slug !== 'booking-limit');
}

/** Transient failures worth retrying with the same Idempotency-Key. */
export function isRetryable(error: ApiError): boolean {
  return error.status === 0 || error.status === 429 || error.status >= 500;
}

export function priceLabel(type: Pick<AppointmentType, 'selfPayPrice'>): string | null {
  const price = type.selfPayPrice;
  if (!price) return null;
  if (price.amount === 0) return 'No charge';
  try {
    return `${new Intl.NumberFormat('en-US', {
      style: 'currency',
      currency: price.currency,
      maximumFractionDigits: Number.isInteger(price.amount) ? 0 : 2,
    }).format(price.amount)} self-pay`;
  } catch {
    return `${price.amount} ${price.currency} self-pay`;
  }
}

export function durationLabel(minutes: number): string {
  if (minutes < 60) return `${minutes} min`;
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return m ? `${h} h ${m} min` : `${h} h`;
}

export function practitionerName(practitioners: readonly Practitioner[] | undefined, id: string): string {
  return practitioners?.find((p) => p.id === id)?.name ?? 'Practitioner';
}

/** A short name for tight spaces: "Dr. Anika Patel, DO" → "Dr. Patel". */
export function shortName(name: string): string {
  const base = name.split(',')[0]!.trim();
  const parts = base.split(/\s+/);
  if (parts.length >= 3 && /^dr\.?$/i.test(parts[0]!)) return `${parts[0]} ${parts[parts.length - 1]}`;
  return base;
}

export const STATUS_LABELS: Record<string, string> = {
  booked: 'Booked',
  'checked-in': 'Checked in',
  completed: 'Completed',
  cancelled: 'Cancelled',
  'no-show': 'No-show',
};

export function statusLabel(status: string): string {
  return STATUS_LABELS[status] ?? status;
}

const NOTE_LABELS = { signed: 'note signed', draft: 'note not signed', needed: 'needs a note' } as const;

/**
 * Where the visit note of an appointment stands, for the schedule: signed, a draft not signed yet, or
 * needed (the patient came, or the visit has begun, and no note was started). Null before the visit.
 */
export function noteState(
  a: Pick<Appointment, 'status' | 'start' | 'note'>,
  now = Date.now(),
): keyof typeof NOTE_LABELS | null {
  if (a.note) return a.note.status === 'signed' ? 'signed' : 'draft';
  if (a.status === 'checked-in' || a.status === 'completed') return 'needed';
  if (a.status === 'booked' && Date.parse(a.start) <= now) return 'needed';
  return null;
}

/** "Booked", or "Completed · needs a note" when the note side has something to say. */
export function visitStatusText(a: Pick<Appointment, 'status' | 'start' | 'note'>, now = Date.now()): string {
  const n = a.note === undefined ? null : noteState(a, now);
  return n ? `${statusLabel(a.status)} · ${NOTE_LABELS[n]}` : statusLabel(a.status);
}

export function statusColor(status: string): string {
  if (status === 'cancelled') return 'gray';
  if (status === 'no-show') return 'red';
  if (status === 'completed') return 'blue';
  if (status === 'checked-in') return 'amber';
  return 'sage';
}

interface SlotsState {
  key: string | null;
  slots: Slot[];
  zones: Record<string, string>;
  error: ApiError | undefined;
  loading: boolean;
}

export interface SlotsResource {
  /** Free slots of every asked practitioner, in time order. */
  slots: Slot[];
  /** Each practitioner's zone, as the server reported it. */
  zones: Record<string, string>;
  loading: boolean;
  error: ApiError | undefined;
  reload: () => void;
}

/**
 * Free slots of several practitioners for one appointment type over `[from, to)` (instants),
 * fetched in parallel. `null` arguments mean "nothing to load yet".
 */
export function useSlots(
  practitionerIds: readonly string[] | null,
  appointmentType: string | null,
  from: string | null,
  to: string | null,
): SlotsResource {
  const ids = practitionerIds?.join(',') ?? '';
  const key = ids && appointmentType && from && to ? `${ids}|${appointmentType}|${from}|${to}` : null;
  const [version, setVersion] = useState(0);
  const [state, setState] = useState<SlotsState>({
    key: null,
    slots: [],
    zones: {},
    error: undefined,
    loading: false,
  });

  useEffect(() => {
    if (!key || !appointmentType || !from || !to) return;
    const controller = new AbortController();
    setState((s) => ({ ...s, key, error: undefined, loading: true }));
    Promise.all(
      ids
        .split(',')
        .map((practitionerId) =>
          api.get<Availability>(
            `/api/v1/availability${query({ practitionerId, appointmentType, from, to })}`,
            { signal: controller.signal },
          ),
        ),
    ).then(
      (answers) => {
        const slots = answers
          .flatMap((a) => a.slots)
          .sort((a, b) => Date.parse(a.start) - Date.parse(b.start));
        const zones = Object.fromEntries(answers.map((a) => [a.practitionerId, a.timeZone]));
        setState({ key, slots, zones, error: undefined, loading: false });
      },
      (e: unknown) => {
        if (isAbortError(e) || controller.signal.aborted) return;
        setState({ key, slots: [], zones: {}, error: toApiError(e), loading: false });
      },
    );
    return () => controller.abort();
  }, [key, ids, appointmentType, from, to, version]);

  const current = state.key === key;
  return useMemo(
    () => ({
      slots: current ? state.slots : [],
      zones: current ? state.zones : {},
      loading: !!key && (!current || state.loading),
      error: current ? state.error : undefined,
      reload: () => setVersion((v) => v + 1),
    }),
    [current, key, state],
  );
}
