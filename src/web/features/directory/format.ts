import type { DirectoryResult } from './types';

/** "Mon, Mar 15, 9:00 AM CDT" in the practitioner's zone (the browser's when unknown). */
export function slotLabel(iso: string, timeZone: string | null): string {
  const opts: Intl.DateTimeFormatOptions = {
    weekday: 'short',
    month: 'short',
    day: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
    timeZoneName: 'short',
  };
  try {
    return new Intl.DateTimeFormat('en-US', { ...opts, timeZone: timeZone ?? undefined }).format(
      new Date(iso),
    );
  } catch {
    return new Intl.DateTimeFormat('en-US', opts).format(new Date(iso));
  }
}

/** The calendar day of an instant in a zone (YYYY-MM-DD), for the booking flow's `day`. */
export function dayIn(iso: string, timeZone: string | null): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    timeZone: timeZone ?? undefined,
  }).format(new Date(iso));
  return parts.slice(0, 10);
}

/** "3.2 mi (5.1 km)": miles first for US visitors, kilometres too. */
export function distanceLabel(km: number | null): string | null {
  if (km === null) return null;
  const mi = km / 1.609344;
  // At the search's own ZIP centroid (the clinic in that ZIP code): not "0.0 mi".
  if (mi < 0.1) return 'Under 0.1 mi (0.2 km)';
  return `${mi < 10 ? mi.toFixed(1) : Math.round(mi)} mi (${km < 10 ? km.toFixed(1) : Math.round(km)} km)`;
}

export function displayName(r: Pick<DirectoryResult, 'name' | 'credentials'>): string {
  const creds = r.credentials.filter((c) => !r.name.includes(c));
  return creds.length ? `${r.name}, ${creds.join(', ')}` : r.name;
}

export function addressLine(r: DirectoryResult): string | null {
  const a = r.clinic.address;
  if (!a) return null;
  return `${a.line}, ${a.city}${a.state ? `, ${a.state}` : ''} ${a.postalCode}`;
}

/**
 * Where "Book" goes: sign in (or create an account from there), then the existing booking flow
 * with the practitioner, type and day chosen. The sign-in page goes straight on when already signed in.
 */
export function bookingHref(
  r: Pick<DirectoryResult, 'practitionerId' | 'timeZone'>,
  slot?: { appointmentType: string; start: string },
): string | null {
  if (!r.practitionerId) return null;
  const q = new URLSearchParams({ with: r.practitionerId });
  if (slot) {
    q.set('type', slot.appointmentType);
    q.set('day', dayIn(slot.start, r.timeZone));
  }
  return `/login?next=${encodeURIComponent(`/app/book?${q.toString()}`)}`;
}

/** Starts grouped by their day in the zone: [["Mon, Dec 7", [{start, time: "9:15 AM"}…]]…]. */
export function byDay(
  starts: readonly string[],
  timeZone: string | null,
): [string, { start: string; time: string }[]][] {
  const zone = timeZone ?? undefined;
  const day = new Intl.DateTimeFormat('en-US', {
    weekday: 'short',
    month: 'short',
    day: 'numeric',
    timeZone: zone,
  });
  const time = new Intl.DateTimeFormat('en-US', { hour: 'numeric', minute: '2-digit', timeZone: zone });
  const groups = new Map<string, { start: string; time: string }[]>();
  for (const s of starts) {
    const d = day.format(new Date(s));
    groups.set(d, [...(groups.get(d) ?? []), { start: s, time: time.format(new Date(s)) }]);
  }
  return [...groups.entries()];
}

/** "CST": the zone's short name, said once next to the times. */
export function zoneName(timeZone: string | null, at: string): string {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZoneName: 'short',
    timeZone: timeZone ?? undefined,
  }).formatToParts(new Date(at));
  return parts.find((p) => p.type === 'timeZoneName')?.value ?? '';
}
