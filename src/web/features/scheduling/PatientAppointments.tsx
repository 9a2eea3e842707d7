import { Anchor, Button, Table, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { Link } from 'react-router';
import type { Appointment, Practitioner } from '../../../contracts/scheduling.ts';
import type { Results } from '../../../contracts/common.ts';
import { useApiGet } from '../../api/useApi';
import { useSession } from '../../auth/session';
import { Loading } from '../../components/Loading';
import { ProblemWithRetry } from '../../components/ProblemWithRetry';
import { ScrollTable } from '../../components/ScrollTable';
import { SectionCard } from '../../components/SectionCard';
import { appointmentsPath, practitionerName } from './api';
import { StatusBadge } from './AppointmentDetails';
import { shortDate, timeRange, zoneLabel } from './time';

const PAST_SHOWN = 10;

function AppointmentTable({
  label,
  list,
  practitioners,
  zone,
  returnTo,
}: {
  label: string;
  list: Appointment[];
  practitioners: Practitioner[] | undefined;
  zone: string;
  returnTo: string;
}) {
  return (
    <ScrollTable label={label} minWidth={560}>
      <Table.Thead>
        <Table.Tr>
          <Table.Th scope="col">When</Table.Th>
          <Table.Th scope="col">Visit</Table.Th>
          <Table.Th scope="col">With</Table.Th>
          <Table.Th scope="col">Status</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {list.map((a) => (
          <Table.Tr key={a.id}>
            <Table.Th scope="row" fw={500}>
              <Anchor
                component={Link}
                to={`/app/appointments/${a.id}?${new URLSearchParams({ returnTo }).toString()}`}
              >
                {shortDate(a.start, zone)}, {timeRange(a.start, a.end, zone)}
              </Anchor>
            </Table.Th>
            <Table.Td>{a.appointmentTypeName ?? a.appointmentType}</Table.Td>
            <Table.Td>{practitionerName(practitioners, a.practitionerId)}</Table.Td>
            <Table.Td>
              <StatusBadge appointment={a} />
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </ScrollTable>
  );
}

/** The "Appointments" section of a patient's record (staff): upcoming and recent visits, and "Book". */
export default function PatientAppointments({ patientId }: { patientId: string }) {
  const { me } = useSession();
  const [span] = useState(() => ({
    now: Date.now(),
    from: new Date(Date.now() - 365 * 86_400_000).toISOString(),
  }));
  const { data, error, loading, reload } = useApiGet<Results<Appointment>>(
    appointmentsPath({ patientId, from: span.from }),
  );
  const practitioners = useApiGet<Practitioner[]>('/api/v1/practitioners');
  const zone = me.clinic.timeZone;
  const all = data?.results ?? [];
  const upcoming = all.filter((a) => Date.parse(a.end) >= span.now);
  const past = all
    .filter((a) => Date.parse(a.end) < span.now)
    .reverse()
    .slice(0, PAST_SHOWN);
  const returnTo = `/app/patients/${patientId}`;

  return (
    <SectionCard
      titleId="appointments-title"
      title="Appointments"
      action={
        <Button
          component={Link}
          to={`/app/book?${new URLSearchParams({ patient: patientId, returnTo }).toString()}`}
        >
          Book
        </Button>
      }
    >
      <ProblemWithRetry error={error} title="Could not load appointments" onRetry={reload} />
      {loading && !data ? <Loading label="Loading appointments…" /> : null}
      {data ? (
        <>
          <Title order={3} size="h5">
            Upcoming
          </Title>
          {upcoming.length === 0 ? (
            <Text size="sm">No upcoming appointments.</Text>
          ) : (
            <AppointmentTable
              label="Upcoming appointments"
              list={upcoming}
              practitioners={practitioners.data}
              zone={zone}
              returnTo={returnTo}
            />
          )}
          <Title order={3} size="h5">
            Past year
          </Title>
          {past.length === 0 ? (
            <Text size="sm">No appointments in the past year.</Text>
          ) : (
            <AppointmentTable
              label="Past appointments"
              list={past}
              practitioners={practitioners.data}
              zone={zone}
              returnTo={returnTo}
            />
          )}
          <Text size="xs" c="dimmed">
            Times in {zoneLabel(zone)}.
          </Text>
        </>
      ) : null}
    </SectionCard>
  );
}
