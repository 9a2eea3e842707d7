import { Anchor, Badge, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { Link } from 'react-router';
import type { AppointmentType, Practitioner } from '../../../../contracts/scheduling.ts';
import type { Results } from '../../../../contracts/common.ts';
import { useApiGet } from '../../../api/useApi';
import { Loading } from '../../../components/Loading';
import { ProblemAlert } from '../../../components/ProblemAlert';
import { shortName } from '../api';
import { shortDate, timeIn } from '../time';
import { useNow, waitlistPath } from './api';
import {
  effectiveOfferStatus,
  holdLabel,
  isOpenEntry,
  sortEntries,
  windowLabel,
  type WaitlistEntry,
} from './model';

const SHOWN = 5;

interface Props {
  zone: string;
  practitioners: readonly Practitioner[] | undefined;
  types: readonly AppointmentType[] | undefined;
  /** Only this practitioner's entries (and those for anyone). */
  practitionerId?: string;
}

/** The schedule page's compact waitlist: times on hold first, then who waits next; the full page for more. */
export function WaitlistPanel({ zone, practitioners, types, practitionerId }: Props) {
  const now = useNow(30_000);
  const { data, error, loading } = useApiGet<Results<WaitlistEntry>>(waitlistPath({ practitionerId }));
  const open = sortEntries((data?.results ?? []).filter((e) => isOpenEntry(e, now)));
  const held = open.filter((e) => e.offer && effectiveOfferStatus(e.offer, now) === 'pending').length;
  const typeName = (code: string) => types?.find((t) => t.id === code)?.name ?? code;
  const who = (id: string | null) =>
    id ? shortName(practitioners?.find((p) => p.id === id)?.name ?? 'Practitioner') : 'anyone';

  return (
    <Paper withBorder p="md" radius="md" component="section" aria-labelledby="panel-waitlist-title">
      <Stack gap="xs">
        <Group justify="space-between" align="baseline" gap="xs">
          <Title order={2} size="h4" id="panel-waitlist-title">
            Waitlist
          </Title>
          <Anchor component={Link} to="/app/waitlist" size="sm">
            Open the waitlist
          </Anchor>
        </Group>
        <ProblemAlert error={error} title="Could not load the waitlist" />
        {loading && !data ? <Loading label="Loading the waitlist…" /> : null}
        {data ? (
          <Text size="sm">
            {open.length === 0
              ? 'Nobody is waiting.'
              : `${open.length} waiting${held ? `, ${held} with a time on hold` : ''}.`}
          </Text>
        ) : null}
        {open.length > 0 ? (
          <ul className="panel-list" aria-label="Waiting patients, next in line first">
            {open.slice(0, SHOWN).map((e) => {
              const offer = e.offer && effectiveOfferStatus(e.offer, now) === 'pending' ? e.offer : null;
              return (
                <li key={e.id}>
                  <Group justify="space-between" gap={4} wrap="nowrap" align="flex-start">
                    <Text size="sm" fw={600}>
                      {e.patientName ?? 'Patient'}
                    </Text>
                    {offer ? (
                      <Badge color="amber" variant="light" tt="none" size="sm" style={{ flexShrink: 0 }}>
                        On hold
                      </Badge>
                    ) : null}
                  </Group>
                  <Text size="xs">
                    {typeName(e.appointmentType)} · {who(e.practitionerId)} ·{' '}
                    {windowLabel(e.from, e.to, zone)}
                  </Text>
                  {offer ? (
                    <Text size="xs">
                      Offered {shortDate(offer.start, zone)} {timeIn(offer.start, zone)} ·{' '}
                      {holdLabel(offer.expiresAt, now, zone)}
                    </Text>
                  ) : null}
                </li>
              );
            })}
          </ul>
        ) : null}
        {open.length > SHOWN ? (
          <Text size="xs" c="dimmed">
            and {open.length - SHOWN} more on the waitlist page.
          </Text>
        ) : null}
      </Stack>
    </Paper>
  );
}
