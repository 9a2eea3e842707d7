import { Anchor, Button, Group, Paper, Stack, Text } from '@mantine/core';
import { useRef, useState } from 'react';
import { Link } from 'react-router';
import type { Appointment, Practitioner } from '../../../contracts/scheduling.ts';
import type { Results } from '../../../contracts/common.ts';
import { useApiGet } from '../../api/useApi';
import { useSession } from '../../auth/session';
import { Loading } from '../../components/Loading';
import { ProblemWithRetry } from '../../components/ProblemWithRetry';
import { SectionCard } from '../../components/SectionCard';
import { appointmentsPath, durationLabel, practitionerName } from './api';
import { describeVisit } from './AppointmentDetails';
import { CancelAppointmentButton, cancelledMessage } from './CancelAppointmentButton';
import './scheduling.css';
import { browserZone, localEcho, longDate, timeIn, zoneName } from './time';
import { PatientWaitlist } from './waitlist/PatientWaitlist';

/**
 * The signed-in patient's upcoming visits, with reschedule and cancel (on `/app/me`), after their
 * waiting list (a held time runs out, so it comes first).
 */
export default function UpcomingAppointments() {
  const { me } = useSession();
  const [from] = useState(() => new Date().toISOString());
  const { data, error, loading, reload } = useApiGet<Results<Appointment>>(
    appointmentsPath({ from, status: 'booked' }),
  );
  const practitioners = useApiGet<Practitioner[]>('/api/v1/practitioners');
  const [message, setMessage] = useState('');
  const headingRef = useRef<HTMLHeadingElement>(null);
  const viewerZone = browserZone();
  const list = data?.results ?? [];

  return (
    <Stack gap="md">
      <PatientWaitlist onBooked={reload} />
      <SectionCard
        titleId="upcoming-title"
        title="Upcoming visits"
        headingRef={headingRef}
        action={
          <Button component={Link} to="/app/book" size="md">
            Book a visit
          </Button>
        }
      >
        <Text size="sm" role="status" aria-live="polite" fw={message ? 600 : undefined}>
          {message}
        </Text>
        <ProblemWithRetry error={error} title="Could not load your visits" onRetry={reload} />
        {loading && !data ? <Loading label="Loading your visits…" /> : null}
        {data && list.length === 0 ? <Text>You have no upcoming visits.</Text> : null}
        {list.length > 0 ? (
          <Stack gap="sm" component="ul" m={0} p={0} style={{ listStyle: 'none' }}>
            {list.map((a) => {
              const p = practitioners.data?.find((x) => x.id === a.practitionerId);
              const zone = p?.timeZone ?? me.clinic.timeZone;
              const echo = localEcho(a.start, zone, viewerZone);
              const description = describeVisit(a, practitioners.data, zone);
              const minutes = Math.round((Date.parse(a.end) - Date.parse(a.start)) / 60_000);
              return (
                <Paper component="li" key={a.id} withBorder p="md" radius="md" bg="gray.0">
                  <Stack gap={4}>
                    <Text fw={700}>{longDate(a.start, zone)}</Text>
                    <Text>
                      {timeIn(a.start, zone)} {zoneName(zone)}
                      {echo ? ` · ${echo}` : ''}
                    </Text>
                    <Text size="sm">
                      {a.appointmentTypeName ?? 'Visit'} · {durationLabel(minutes)} with{' '}
                      {practitionerName(practitioners.data, a.practitionerId)}
                    </Text>
                    <Text size="sm">{me.clinic.name}</Text>
                    <Group gap="sm" mt="xs">
                      <Button
                        component={Link}
                        to={`/app/book?${new URLSearchParams({ reschedule: a.id, returnTo: '/app/me' }).toString()}`}
                        variant="light"
                        size="md"
                        aria-label={`Reschedule: ${description}`}
                      >
                        Reschedule
                      </Button>
                      <CancelAppointmentButton
                        size="md"
                        appointment={a}
                        description={description}
                        patientView
                        label="Cancel"
                        onCancelled={(result) => {
                          setMessage(cancelledMessage(result, description));
                          reload();
                          // The visit (and the button that was focused) leaves the list: keep focus nearby.
                          headingRef.current?.focus();
                        }}
                      />
                      <Anchor component={Link} to={`/app/appointments/${a.id}`} size="sm">
                        Details
                        <span className="visually-hidden"> of {description}</span>
                      </Anchor>
                    </Group>
                  </Stack>
                </Paper>
              );
            })}
          </Stack>
        ) : null}
      </SectionCard>
    </Stack>
  );
}
