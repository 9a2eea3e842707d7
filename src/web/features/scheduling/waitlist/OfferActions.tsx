import { Button, Group, Stack } from '@mantine/core';
import { useState } from 'react';
import { toApiError, type ApiError } from '../../../api/client';
import type { Appointment } from '../../../../contracts/scheduling.ts';
import { ProblemAlert } from '../../../components/ProblemAlert';
import { acceptOffer, declineOffer } from './api';

interface Props {
  offerId: string;
  /** "Maria Alvarez, Tue, Mar 23 at 9:00 AM": names the buttons for screen readers. */
  description: string;
  onAccepted: (a: Appointment) => void;
  onDeclined: () => void;
  /** The offer turned out to be closed: reload the list. */
  onStale: () => void;
}

/** The front desk answers an offer for a patient (who called): book it, or pass it on. */
export function OfferActions({ offerId, description, onAccepted, onDeclined, onStale }: Props) {
  const [busy, setBusy] = useState<'accept' | 'decline' | null>(null);
  const [error, setError] = useState<ApiError | undefined>();
  const act = async (kind: 'accept' | 'decline') => {
    setBusy(kind);
    setError(undefined);
    try {
      if (kind === 'accept') onAccepted((await acceptOffer(offerId)).appointment);
      else {
        await declineOffer(offerId);
        onDeclined();
      }
    } catch (e) {
      const err = toApiError(e);
      setError(err);
      if (err.status === 409 || err.status === 404) onStale();
    } finally {
      setBusy(null);
    }
  };
  return (
    <Stack gap={4}>
      <Group gap={6} wrap="nowrap">
        <Button
          size="xs"
          loading={busy === 'accept'}
          disabled={!!busy}
          onClick={() => void act('accept')}
          aria-label={`Book it for the patient: ${description}`}
        >
          Book it
        </Button>
        <Button
          size="xs"
          variant="default"
          loading={busy === 'decline'}
          disabled={!!busy}
          onClick={() => void act('decline')}
          aria-label={`Decline for the patient: ${description}`}
        >
          Decline
        </Button>
      </Group>
      <ProblemAlert error={error} title={busy === 'decline' ? 'Not declined' : 'Not done'} />
    </Stack>
  );
}
