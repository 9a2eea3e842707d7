import { Stack, Text, Title } from '@mantine/core';
import { useSession } from '../../auth/session';
import { usePageTitle } from '../../components/usePageTitle';
import { MyVisitsSection } from '../charting/MyVisitsSection';
import { LazyUpcomingAppointments } from '../scheduling/lazy';
import { PatientRecord } from './PatientRecord';

/** `/app/me`: the signed-in patient's own record, read-only. */
export function MyRecordPage() {
  usePageTitle('My record');
  const { me } = useSession();
  if (!me.user.patientId) {
    return (
      <Stack>
        <Title order={1}>My record</Title>
        <Text>Your account is not linked to a patient record yet. Please contact your clinic.</Text>
      </Stack>
    );
  }
  return (
    <Stack gap="xl">
      <PatientRecord
        patientId={me.user.patientId}
        editable={false}
        heading="My record"
        intro={<LazyUpcomingAppointments />}
      />
      <MyVisitsSection patientId={me.user.patientId} />
    </Stack>
  );
}
