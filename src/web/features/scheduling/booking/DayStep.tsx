import { Button, Paper, Stack, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import type { Slot } from '../../../../contracts/scheduling.ts';
import { ProblemWithRetry } from '../../../components/ProblemWithRetry';
import type { SlotsResource } from '../api';
import { longDateTime, type StripDay } from '../time';
import { WeekStrip } from '../WeekStrip';
import { ZoneNote } from '../ZoneNote';

/**
 * Step "Pick a day": a week of days with their number of free times, the earliest free time for
 * "First available", and the waitlist when nothing suits.
 */
export function DayStep({
  days,
  counts,
  day,
  today,
  slots,
  loading,
  earliest,
  zone,
  viewerZone,
  practitionerLabel,
  onSelect,
  onPrevious,
  onNext,
  onChooseEarliest,
  waitlist,
}: {
  days: StripDay[];
  counts: Map<string, number>;
  day: string | null;
  today: string;
  slots: SlotsResource;
  /** The week's free times are still being fetched. */
  loading: boolean;
  /** The earliest free time to offer as a shortcut, or null for none. */
  earliest: Slot | null;
  zone: string;
  viewerZone: string;
  practitionerLabel: (id: string) => string;
  onSelect: (day: string) => void;
  onPrevious: (() => void) | null;
  onNext: (() => void) | null;
  onChooseEarliest: (slot: Slot) => void;
  waitlist: ReactNode;
}) {
  const openDays = days.filter((d) => counts.has(d.date)).length;
  return (
    <Stack gap="md">
      <ZoneNote zone={zone} viewerZone={viewerZone} />
      <ProblemWithRetry error={slots.error} title="Could not check free times" onRetry={slots.reload} />
      <WeekStrip
        days={days}
        counts={counts}
        selected={day}
        today={today}
        loading={loading}
        onSelect={onSelect}
        onPrevious={onPrevious}
        onNext={onNext}
      />
      <Text size="sm" role="status" aria-live="polite">
        {loading
          ? 'Checking free times…'
          : slots.error
            ? ''
            : openDays === 0
              ? 'No free times this week. Try the next week.'
              : `${openDays} day${openDays === 1 ? '' : 's'} with free times this week.`}
      </Text>
      {earliest ? (
        <Paper withBorder p="md" radius="md">
          <Text size="sm" fw={700}>
            Earliest free time
          </Text>
          <Text size="sm">
            {longDateTime(earliest.start, zone)} with {practitionerLabel(earliest.practitionerId)}
          </Text>
          <Button mt="xs" variant="light" onClick={() => onChooseEarliest(earliest)}>
            Choose this time
          </Button>
        </Paper>
      ) : null}
      {loading ? null : waitlist}
    </Stack>
  );
}
