import { useEffect, useState } from 'react';
import { api, query } from '../../../api/client';
import type { Appointment } from '../../../../contracts/scheduling.ts';
import type { Role } from '../../../../domain/roles.ts';
import type { WaitlistJoinInput } from '../../../../contracts/scheduling.ts';
import type { EntryStatus, OfferStatus, WaitlistEntry, WaitlistOffer } from './model';

/** Calls of the waiting-list screens. */

/** Who may add, leave, accept and decline (the server's rule): patients for themselves, the desk for anyone. */
export const WAITLIST_WRITERS: readonly Role[] = ['admin', 'frontdesk', 'patient'];

export function canChangeWaitlist(role: Role): boolean {
  return WAITLIST_WRITERS.includes(role);
}

export function waitlistPath(
  params: { status?: EntryStatus; practitionerId?: string; patientId?: string } = {},
) {
  return `/api/v1/waitlist${query(params)}`;
}

export function offersPath(params: { status?: OfferStatus; patientId?: string } = {}) {
  return `/api/v1/waitlist/offers${query(params)}`;
}

export function joinWaitlist(body: WaitlistJoinInput): Promise<WaitlistEntry> {
  return api.post<WaitlistEntry>('/api/v1/waitlist', body);
}

export function leaveWaitlist(id: string): Promise<WaitlistEntry> {
  return api.post<WaitlistEntry>(`/api/v1/waitlist/${encodeURIComponent(id)}/cancel`);
}

export function acceptOffer(id: string): Promise<{ offer: WaitlistOffer; appointment: Appointment }> {
  return api.post(`/api/v1/waitlist/offers/${encodeURIComponent(id)}/accept`);
}

export function declineOffer(id: string): Promise<{ offer: WaitlistOffer }> {
  return api.post(`/api/v1/waitlist/offers/${encodeURIComponent(id)}/decline`);
}

/** The current time, refreshed every `intervalMs` (for hold countdowns). */
export function useNow(intervalMs = 15_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(Date.now()), intervalMs);
    return () => window.clearInterval(timer);
  }, [intervalMs]);
  return now;
}
