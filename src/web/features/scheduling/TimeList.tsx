import { Stack, Text, Title } from '@mantine/core';
import type { Slot } from '../../../contracts/scheduling.ts';
import { localEcho, partOfDay, timeIn } from './time';

interface Props {
  slots: Slot[];
  zone: string;
  viewerZone: string;
  /** Names practitioners under each time ("first available" shows who it is with). */
  practitionerLabel?: (id: string) => string;
  onPick: (slot: Slot) => void;
  headingOrder?: 3 | 4;
}

/** Free times of one day as big buttons, grouped into morning, afternoon and evening. */
export function TimeList({ slots, zone, viewerZone, practitionerLabel, onPick, headingOrder = 3 }: Props) {
  const groups = new Map<string, Slot[]>();
  for (const s of slots) {
    const key = partOfDay(s.start, zone);
    groups.set(key, [...(groups.get(key) ?? []), s]);
  }
  return (
    <Stack gap="md">
      {[...groups].map(([part, list]) => (
        <section key={part} aria-label={part}>
          <Title order={headingOrder} size="h5" mb={6}>
            {part}
          </Title>
          <ul className={`time-grid${practitionerLabel ? ' time-grid--wide' : ''}`}>
            {list.map((s) => {
              const echo = localEcho(s.start, zone, viewerZone);
              const who = practitionerLabel?.(s.practitionerId);
              return (
                <li key={`${s.practitionerId}:${s.start}`}>
                  <button type="button" className="time-button" onClick={() => onPick(s)}>
                    <span className="time-button__main">{timeIn(s.start, zone)}</span>
                    {who ? <span className="time-button__sub">with {who}</span> : null}
                    {echo ? <span className="time-button__sub">{echo}</span> : null}
                  </button>
                </li>
              );
            })}
          </ul>
        </section>
      ))}
      {slots.length === 0 ? <Text>No free times left on this day.</Text> : null}
    </Stack>
  );
}
