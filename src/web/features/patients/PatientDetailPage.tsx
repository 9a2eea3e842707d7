import { Anchor, Stack } from '@mantine/core';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { usePageTitle } from '../../components/usePageTitle';
import { PatientVisitsLink } from '../charting/PatientVisitsLink';
import { LazyPatientAppointments } from '../scheduling/lazy';
import { useSession } from '../../auth/session';
import { LazyCarePlanSection, LazyOutcomesSection } from '../outcomes/lazy';
import { LazyExercisesSection } from '../exercises/lazy';
import { PatientRecord } from './PatientRecord';

/** `/app/patients/:id` for staff. The title stays generic: a name in it would land in browser history. */
export function PatientDetailPage() {
  usePageTitle('Patient record');
  const { id = '' } = useParams();
  // A merged record (tombstone) shows only where it went: nothing else is reachable through it.
  const [mergedId, setMergedId] = useState<string | null>(null);
  // Outcome scores are clinical: the front desk does not see them (the server refuses it too).
  const { role } = useSession();
  return (
    <Stack gap="md">
      <Anchor component={Link} to="/app/patients" size="sm">
        ← All patients
      </Anchor>
      <PatientRecord key={id} patientId={id} editable onMergedRecord={() => setMergedId(id)} />
      {mergedId === id ? null : (
        <>
          <PatientVisitsLink patientId={id} />
          <LazyPatientAppointments key={`appointments-${id}`} patientId={id} />
          {role === 'clinician' || role === 'admin' ? (
            <>
              <LazyCarePlanSection key={`plans-${id}`} patientId={id} canEdit />
              <LazyExercisesSection key={`exercises-${id}`} patientId={id} canEdit />
              <LazyOutcomesSection key={`outcomes-${id}`} patientId={id} canRecord />
            </>
          ) : null}
        </>
      )}
    </Stack>
  );
}
