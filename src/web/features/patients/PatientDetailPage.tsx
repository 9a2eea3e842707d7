import { Anchor, Stack } from '@mantine/core';
import { Link, useParams } from 'react-router';
import { usePageTitle } from '../../components/usePageTitle';
import { PatientVisitsLink } from '../charting/PatientVisitsLink';
import { LazyPatientAppointments } from '../scheduling/lazy';
import { PatientRecord } from './PatientRecord';

/** `/app/patients/:id` for staff. The title stays generic: a name in it would land in browser history. */
export function PatientDetailPage() {
  usePageTitle('Patient record');
  const { id = '' } = useParams();
  return (
    <Stack gap="md">
      <Anchor component={Link} to="/app/patients" size="sm">
        ← All patients
      </Anchor>
      <PatientRecord key={id} patientId={id} editable />
      <PatientVisitsLink patientId={id} />
      <LazyPatientAppointments key={`appointments-${id}`} patientId={id} />
    </Stack>
  );
}
