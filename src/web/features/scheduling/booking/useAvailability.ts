import { useMemo } from 'react';
import type { Practitioner, Slot } from '../../../../contracts/scheduling.ts';
import { useSlots } from '../api';
import { addDays, dayOf, daysBetween, groupByDay, rangeOfDays } from '../time';
import { ANY, CHUNK_WEEKS, MAX_WEEKS, type StepId } from './steps';

/**
 * The free times the booking flow shows: fetched four weeks at a time around the week on screen,
 * one practitioner per time for "First available", grouped by day. Without an explicit week the
 * first week of the fetched chunk that has a free time opens.
 */
export function useAvailability({
  practitioners,
  step,
  typeId,
  withId,
  day,
  weekParam,
  today,
  zone,
}: {
  practitioners: Practitioner[];
  step: StepId;
  typeId: string | null;
  withId: string | null;
  day: string | null;
  /** The `w` of the URL: the week on screen, counted from this week. */
  weekParam: number;
  today: string;
  zone: string;
}) {
  // Which weeks to show and which four-week chunk of availability that needs.
  const allIds = useMemo(() => practitioners.map((p) => p.id), [practitioners]);
  const searchIds = step === 'practitioner' || withId === ANY ? allIds : withId ? [withId] : [];
  const weekOf = (date: string) => Math.max(0, Math.floor(daysBetween(today, date) / 7));
  const weekFromDay = day ? weekOf(day) : null;
  const requestedWeek = Number.isFinite(weekParam) ? Math.min(Math.max(weekParam, 0), MAX_WEEKS - 1) : null;
  const chunk = Math.floor((requestedWeek ?? weekFromDay ?? 0) / CHUNK_WEEKS);
  const chunkRange = rangeOfDays(addDays(today, chunk * CHUNK_WEEKS * 7), CHUNK_WEEKS * 7, zone);
  const needSlots = step !== 'patient' && step !== 'type' && !!typeId && searchIds.length > 0;
  const slots = useSlots(
    needSlots ? searchIds : null,
    typeId,
    needSlots ? chunkRange.start : null,
    needSlots ? chunkRange.end : null,
  );

  // "First available" offers one practitioner per time: the first in the list who is free then.
  const offered = useMemo(() => {
    if (withId !== ANY) return slots.slots;
    const order = new Map(allIds.map((id, i) => [id, i]));
    const byStart = new Map<string, Slot>();
    for (const s of slots.slots) {
      const prev = byStart.get(s.start);
      if (!prev || (order.get(s.practitionerId) ?? 99) < (order.get(prev.practitionerId) ?? 99))
        byStart.set(s.start, s);
    }
    return [...byStart.values()].sort((a, b) => Date.parse(a.start) - Date.parse(b.start));
  }, [slots.slots, withId, allIds]);
  const byDay = useMemo(() => groupByDay(offered, zone), [offered, zone]);
  const counts = useMemo(() => new Map([...byDay].map(([d, list]) => [d, list.length])), [byDay]);

  // Without an explicit week, open the first week of the chunk that has a free time.
  const firstSlotWeek = offered[0] ? weekOf(dayOf(offered[0].start, zone)) : null;
  const week = requestedWeek ?? weekFromDay ?? (slots.loading ? 0 : (firstSlotWeek ?? 0));

  return { slots, offered, byDay, counts, week };
}
