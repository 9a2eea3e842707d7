import { Button, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { Link } from 'react-router';
import { useSession } from '../../auth/session';

/** The "Visits" section of a patient's record (staff): the way into the visit timeline and charting. */
export function PatientVisitsLink({ patientId }: { patientId: string }) {
  const { role } = useSession();
  const clinical = role === 'clinician' || role === 'admin';
  return (
    <Paper
      withBorder
      p={{ base: 'md', sm: 'lg' }}
      radius="md"
      component="section"
      aria-labelledby="patient-visits-title"
    >
      <Stack gap="xs">
        <Title order={2} size="h3" id="patient-visits-title">
          Visits
        </Title>
        <Text size="sm">
          {clinical
            ? 'Chart a new visit, copy the last one forward, or read signed notes.'
            : 'Dates, practitioners and status of this patient’s visits.'}
        </Text>
        <Group>
          <Button component={Link} to={`/app/patients/${patientId}/visits`} variant="light">
            {clinical ? 'Visits and charting' : 'Visit list'}
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}
