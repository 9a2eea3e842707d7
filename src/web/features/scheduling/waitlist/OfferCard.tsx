import { Alert, Badge, Button, Group, Paper, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { toApiError, type ApiError } from '../../../api/client';
import type { Appointment } from '../../../../contracts/scheduling.ts';
import { ProblemAlert } from '../../../components/ProblemAlert';
import { longDateTime, timeIn } from '../time';
import { acceptOffer, declineOffer } from './api';
import {
  effectiveOfferStatus,
  holdLabel,
  offerStatusColor,
  offerStatusLabel,
  type WaitlistOffer,
} from './model';

interface Props {
  offer: WaitlistOffer;
  /** The zone the time is shown in (the practitioner's). */
  zone: string;
  now: number;
  practitionerName: string;
  typeName?: string;
  /** Staff answering for a patient: the words change, not the rules. */
  forPatient?: string;
  onAccepted: (appointment: Appointment) => void;
  /** The offer was declined, or turned out to be closed already: reload. */
  onChanged: () => void;
  headingLevel?: 'h3' | 'h4';
}

/** A time held from the waiting list, with Accept (books it) and Decline, and how long it stays held. */
export function OfferCard({
  offer,
  zone,
  now,
  practitionerName,
  typeName,
  forPatient,
  onAccepted,
  onChanged,
  headingLevel = 'h3',
}: Props) {
  const [busy, setBusy] = useState<'accept' | 'decline' | null>(null);
  const [error, setError] = useState<ApiError | undefined>();
  const status = effectiveOfferStatus(offer, now);
  const when = longDateTime(offer.start, zone);
  const what = `${typeName ?? 'Visit'} on ${when} with ${practitionerName}`;

  const act = async (kind: 'accept' | 'decline') => {
    setBusy(kind);
    setError(undefined);
    try {
      if (kind === 'accept') {
        const result = await acceptOffer(offer.id);
        onAccepted(result.appointment);
      } else {
        await declineOffer(offer.id);
        onChanged();
      }
    } catch (e) {
      const err = toApiError(e);
      setError(err);
      // Closed meanwhile (expired, or answered elsewhere): show it as it is now.
      if (err.status === 409 || err.status === 404) onChanged();
    } finally {
      setBusy(null);
    }
  };

  const Heading = headingLevel;
  return (
    <Paper withBorder p="md" radius="md" className="offer-card" data-status={status}>
      <Stack gap={6}>
        <Group justify="space-between" align="flex-start" gap="xs" wrap="wrap">
          <Text component={Heading} fw={700} size="md" m={0}>
            {status === 'pending'
              ? forPatient
                ? `Time held for ${forPatient}`
                : 'A time is held for you'
              : `Offer ${offerStatusLabel(status).toLowerCase()}`}
          </Text>
          <Badge color={offerStatusColor(status)} variant="light" tt="none">
            {offerStatusLabel(status)}
          </Badge>
        </Group>
        <Text fw={600}>{when}</Text>
        <Text size="sm">
          {typeName ?? 'Visit'} with {practitionerName} · ends {timeIn(offer.end, zone)}
        </Text>
        {status === 'pending' ? (
          <>
            <Text size="sm" fw={600}>
              {holdLabel(offer.expiresAt, now, zone)}
            </Text>
            <Text size="sm" c="dimmed">
              {forPatient
                ? 'Accepting books it for the patient; declining passes it to the next person waiting and keeps them on the list.'
                : 'Accept to book it. If you decline or let it run out, it goes to the next person waiting and you stay on the waitlist.'}
            </Text>
            <ProblemAlert error={error} title={busy === 'decline' ? 'Not declined' : 'Not booked'} />
            <Group gap="sm" mt={4}>
              <Button
                size="md"
                loading={busy === 'accept'}
                disabled={!!busy}
                onClick={() => void act('accept')}
                aria-label={`Accept and book: ${what}`}
              >
                Accept
              </Button>
              <Button
                size="md"
                variant="default"
                loading={busy === 'decline'}
                disabled={!!busy}
                onClick={() => void act('decline')}
                aria-label={`Decline: ${what}`}
              >
                Decline
              </Button>
            </Group>
          </>
        ) : null}
        {status === 'expired' ? (
          <Alert color="amber" p="xs">
            <Text size="sm">
              {error?.problem.detail ??
                `The hold ran out at ${timeIn(offer.expiresAt, zone)} and the time went to the next person waiting. ${
                  forPatient ? 'The patient is' : 'You are'
                } still on the waitlist: another time will be offered when one frees up.`}
            </Text>
            <Button size="xs" variant="subtle" mt={4} onClick={onChanged}>
              Refresh
            </Button>
          </Alert>
        ) : null}
        {status !== 'pending' && status !== 'expired' && error ? <ProblemAlert error={error} /> : null}
      </Stack>
    </Paper>
  );
}
