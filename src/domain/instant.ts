/**
 * Instants shown as the clinic's wall-clock time with the zone's abbreviation ("Mar 10, 2027,
 * 9:05 AM CST"), whatever zone the browser or the server runs in. Pure: Intl only, no clock reads.
 */

const cache = new Map<string, Intl.DateTimeFormat>();

function formatter(zone: string, seconds: boolean): Intl.DateTimeFormat {
  const key = `${zone}|${seconds}`;
  let f = cache.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      year: 'numeric',
      month: 'short',
      day: 'numeric',
      hour: 'numeric',
      minute: '2-digit',
      ...(seconds ? { second: '2-digit' } : {}),
      hour12: true,
      timeZoneName: 'short',
    });
    cache.set(key, f);
  }
  return f;
}

function toDate(at: Date | string): Date | null {
  const d = typeof at === 'string' ? new Date(at) : at;
  return Number.isNaN(d.getTime()) ? null : d;
}

function parts(at: Date, zone: string, seconds: boolean): Record<string, string> {
  let f: Intl.DateTimeFormat;
  try {
    f = formatter(zone, seconds);
  } catch {
    // Not an IANA zone: UTC, which the abbreviation then says, rather than the machine's own zone.
    f = formatter('UTC', seconds);
  }
  return Object.fromEntries(f.formatToParts(at).map((p) => [p.type, p.value]));
}

/** "CST", "CDT", "GMT+1" (Intl's short name where the zone has no English abbreviation). */
export function zoneAbbreviation(zone: string, at: Date | string): string {
  const d = toDate(at);
  return d ? (parts(d, zone, false).timeZoneName ?? zone) : zone;
}

/** "Mar 10, 2027, 9:05 AM CST"; the input unchanged when it is not a valid instant. */
export function formatInZone(at: Date | string, zone: string, opts: { seconds?: boolean } = {}): string {
  const d = toDate(at);
  if (!d) return String(at);
  const p = parts(d, zone, !!opts.seconds);
  const time = `${p.hour}:${p.minute}${opts.seconds ? `:${p.second}` : ''} ${p.dayPeriod}`;
  return `${p.month} ${p.day}, ${p.year}, ${time} ${p.timeZoneName}`;
}
