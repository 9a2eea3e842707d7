import { Button, Group, Text } from '@mantine/core';
import { Link } from 'react-router';
import { useSession } from '../../auth/session';
import { SectionCard } from '../../components/SectionCard';

/** The "Visits" section of a patient's record (staff): the way into the visit timeline and charting. */
export function PatientVisitsLink({ patientId }: { patientId: string }) {
  const { role } = useSession();
  const clinical = role === 'clinician' || role === 'admin';
  return (
    <SectionCard titleId="patient-visits-title" title="Visits" gap="xs">
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
    </SectionCard>
  );
}
