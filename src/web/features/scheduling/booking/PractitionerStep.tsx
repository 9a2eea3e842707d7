import { Stack, Text } from '@mantine/core';
import type { Practitioner, Slot } from '../../../../contracts/scheduling.ts';
import { ProblemAlert } from '../../../components/ProblemAlert';
import type { SlotsResource } from '../api';
import { shortDate, timeIn } from '../time';
import { ZoneNote } from '../ZoneNote';
import { ChoiceCard } from './ChoiceCard';
import { ANY } from './steps';

/**
 * Step "Who would you like to see?": "First available" and one card per practitioner, each with its
 * next free time (in the four weeks already fetched).
 */
export function PractitionerStep({
  practitioners,
  withId,
  slots,
  offered,
  zone,
  clinicZone,
  viewerZone,
  practitionerLabel,
  onPick,
}: {
  practitioners: Practitioner[];
  withId: string | null;
  slots: SlotsResource;
  /** The free times on offer (one practitioner per time for "First available"), in time order. */
  offered: Slot[];
  zone: string;
  clinicZone: string;
  viewerZone: string;
  practitionerLabel: (id: string) => string;
  onPick: (withId: string) => void;
}) {
  const earliest = offered[0] ?? null;
  const nextFree = (id: string) =>
    offered.find((s) => s.practitionerId === id) ?? slots.slots.find((s) => s.practitionerId === id);
  const freeText = (slot: Slot | undefined) => {
    if (slots.loading && slots.slots.length === 0) return 'Checking free times…';
    if (slots.error) return 'Free times could not be checked.';
    return slot
      ? `Next free: ${shortDate(slot.start, zone)} at ${timeIn(slot.start, zone)}`
      : 'No free times in the next 4 weeks';
  };
  return (
    <Stack gap="sm">
      <ProblemAlert error={slots.error} title="Could not check free times" />
      <Stack gap="sm" component="ul" m={0} p={0} style={{ listStyle: 'none' }} aria-label="Practitioners">
        <ChoiceCard current={withId === ANY} onClick={() => onPick(ANY)}>
          <Text fw={700} component="span" display="block">
            First available
          </Text>
          <Text size="sm" component="span" display="block">
            Any of our practitioners: we show the earliest free times.
          </Text>
          <Text size="sm" fw={600} component="span" display="block" mt={4}>
            {earliest
              ? `Earliest: ${shortDate(earliest.start, zone)} at ${timeIn(earliest.start, zone)} with ${practitionerLabel(earliest.practitionerId)}`
              : freeText(undefined)}
          </Text>
        </ChoiceCard>
        {practitioners.map((p) => (
          <ChoiceCard key={p.id} current={p.id === withId} onClick={() => onPick(p.id)}>
            <Text fw={700} component="span" display="block">
              {p.name}
            </Text>
            {p.boardCertifications && p.boardCertifications.length > 0 ? (
              <Text size="sm" component="span" display="block">
                Board certified: {p.boardCertifications.join('; ')}
              </Text>
            ) : null}
            {p.languages && p.languages.length > 0 ? (
              <Text size="sm" component="span" display="block">
                Speaks {p.languages.join(', ')}
              </Text>
            ) : null}
            <Text size="sm" fw={600} component="span" display="block" mt={4}>
              {freeText(nextFree(p.id))}
            </Text>
          </ChoiceCard>
        ))}
      </Stack>
      <ZoneNote zone={clinicZone} viewerZone={viewerZone} />
    </Stack>
  );
}
