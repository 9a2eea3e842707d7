import { Anchor, Button, Group, Stack } from '@mantine/core';
import { useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { useSession } from '../../auth/session';
import { usePageTitle } from '../../components/usePageTitle';
import { safeNextPath } from '../../lib/format';
import { AppointmentDetails } from './AppointmentDetails';
import { ReviewVisit } from '../directory/ReviewVisit';
import './scheduling.css';

/** `/app/appointments/:id`: one visit; after booking it is the confirmation screen. */
export function AppointmentPage() {
  const { id = '' } = useParams();
  const [params] = useSearchParams();
  const { isStaff } = useSession();
  const booked = params.get('booked') === '1';
  const moved = params.get('moved') === '1';
  const returnTo = safeNextPath(params.get('returnTo'));
  const [status, setStatus] = useState<string | null>(null);
  const cancelled = status === 'cancelled';
  const heading = booked ? (isStaff ? 'Visit booked' : 'You are booked') : moved ? 'Visit moved' : undefined;
  usePageTitle(cancelled ? 'Visit cancelled' : (heading ?? 'Appointment'));
  const home = returnTo ?? (isStaff ? '/app/schedule' : '/app/me');

  return (
    <Stack gap="md" maw={640}>
      <Anchor component={Link} to={home} size="sm">
        ←{' '}
        {isStaff
          ? home.startsWith('/app/patients')
            ? 'Patient record'
            : 'Schedule'
          : 'My visits and record'}
      </Anchor>
      <AppointmentDetails
        key={id}
        appointmentId={id}
        heading={heading}
        returnTo={returnTo ?? undefined}
        focusOnLoad
        onStatus={setStatus}
      />
      {!isStaff && status === 'completed' ? <ReviewVisit appointmentId={id} /> : null}
      {booked && !isStaff && !cancelled ? (
        <Group gap="sm">
          <Button component={Link} to="/app/me" variant="default">
            See all my visits
          </Button>
          <Button component={Link} to="/app/book" variant="subtle">
            Book another visit
          </Button>
        </Group>
      ) : null}
    </Stack>
  );
}
