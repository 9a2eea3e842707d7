import { Button, Group, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import type { ApiError } from '../../../api/client';
import type { Appointment } from '../../../../contracts/scheduling.ts';
import { Loading } from '../../../components/Loading';
import { ProblemAlert } from '../../../components/ProblemAlert';

function Frame({ heading, children }: { heading: string; children: ReactNode }) {
  return (
    <Stack gap="md" maw={560}>
      <Title order={1}>{heading}</Title>
      {children}
    </Stack>
  );
}

/** What booking needs (types, practitioners, the visit to move, the patient) could not be loaded. */
export function BookingLoadError({
  heading,
  error,
  onRetry,
}: {
  heading: string;
  error: ApiError;
  onRetry: () => void;
}) {
  return (
    <Frame heading={heading}>
      <ProblemAlert error={error} title="Could not load what booking needs" />
      <div>
        <Button onClick={onRetry}>Try again</Button>
      </div>
    </Frame>
  );
}

export function BookingLoading({ heading }: { heading: string }) {
  return (
    <Frame heading={heading}>
      <Loading label="Loading booking…" />
    </Frame>
  );
}

/** The visit to move is cancelled or over: offer a new booking instead. */
export function BookingNotOpen({ heading, status }: { heading: string; status: Appointment['status'] }) {
  return (
    <Frame heading={heading}>
      <Text>
        This visit is {status === 'cancelled' ? 'cancelled' : 'no longer open'}, so it cannot be moved. Book a
        new visit instead.
      </Text>
      <Group>
        <Button component={Link} to="/app/book">
          Book a visit
        </Button>
      </Group>
    </Frame>
  );
}
