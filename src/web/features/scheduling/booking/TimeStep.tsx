import { Button, Stack, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import type { Slot } from '../../../../contracts/scheduling.ts';
import { Loading } from '../../../components/Loading';
import { ProblemAlert } from '../../../components/ProblemAlert';
import type { SlotsResource } from '../api';
import { longDate } from '../time';
import { TimeList } from '../TimeList';
import { ZoneNote } from '../ZoneNote';

/** Step "Pick a time": the chosen day's free times, another day when none is left, the waitlist. */
export function TimeStep({
  day,
  daySlots,
  slots,
  zone,
  viewerZone,
  practitionerLabel,
  onPick,
  onOtherDay,
  waitlist,
}: {
  day: string | null;
  daySlots: Slot[];
  slots: SlotsResource;
  zone: string;
  viewerZone: string;
  /** Names the practitioner beside each time ("First available"); without it the times stand alone. */
  practitionerLabel: ((id: string) => string) | undefined;
  onPick: (slot: Slot) => void;
  onOtherDay: () => void;
  waitlist: ReactNode;
}) {
  return (
    <Stack gap="md">
      <Text fw={600}>{day ? longDate(day, zone) : ''}</Text>
      <ZoneNote zone={zone} viewerZone={viewerZone} />
      <ProblemAlert error={slots.error} title="Could not check free times" />
      {slots.loading && daySlots.length === 0 ? (
        <Loading label="Checking free times…" />
      ) : (
        <TimeList
          slots={daySlots}
          zone={zone}
          viewerZone={viewerZone}
          practitionerLabel={practitionerLabel}
          onPick={onPick}
        />
      )}
      {!slots.loading && daySlots.length === 0 ? (
        <div>
          <Button variant="default" onClick={onOtherDay}>
            Pick another day
          </Button>
        </div>
      ) : null}
      {day ? waitlist : null}
    </Stack>
  );
}
