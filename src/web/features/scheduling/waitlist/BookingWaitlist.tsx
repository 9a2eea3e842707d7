import { Anchor, Button, Paper, Stack, Text, Title } from '@mantine/core';
import { useEffect, useRef, useState } from 'react';
import { Link } from 'react-router';
import type { AppointmentType, Practitioner } from '../../../../contracts/scheduling.ts';
import { useFocusWhen } from '../../../components/useFocusWhen';
import { JoinWaitlistForm } from './JoinWaitlistForm';
import { windowLabel, type WaitlistEntry } from './model';

interface Props {
  types: readonly AppointmentType[];
  practitioners: readonly Practitioner[];
  zone: string;
  today: string;
  typeId: string;
  /** `null`: any practitioner. */
  practitionerId: string | null;
  /** The days on screen, to start the window from. */
  from?: string;
  to?: string;
  /** Staff booking for a patient. */
  patient?: { id: string; name: string } | null;
}

/**
 * "No time that suits?" on the booking screens: join the waitlist for this visit type and
 * practitioner (or anyone) over chosen days, without leaving the booking flow.
 */
export function BookingWaitlist({
  types,
  practitioners,
  zone,
  today,
  typeId,
  practitionerId,
  from,
  to,
  patient,
}: Props) {
  const [open, setOpen] = useState(false);
  const [joined, setJoined] = useState<WaitlistEntry | null>(null);
  const formRef = useRef<HTMLDivElement>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);
  useFocusWhen(open, formRef, buttonRef);
  const doneRef = useRef<HTMLDivElement>(null);
  // The confirmation takes the focus once it is drawn (an effect, after React has committed it: a
  // frame requested from the answer's callback can come first on a busy machine).
  useEffect(() => {
    if (joined) doneRef.current?.focus();
  }, [joined]);

  if (joined) {
    const who = joined.practitionerId
      ? (practitioners.find((p) => p.id === joined.practitionerId)?.name ?? 'the practitioner')
      : 'any practitioner';
    return (
      <Paper withBorder p="md" radius="md" ref={doneRef} tabIndex={-1}>
        <Stack gap={4}>
          <Text fw={700}>{patient ? `${patient.name} is on the waitlist` : 'You are on the waitlist'}</Text>
          <Text size="sm">
            {types.find((t) => t.id === joined.appointmentType)?.name ?? 'Visit'} with {who},{' '}
            {windowLabel(joined.from, joined.to, zone)}.{' '}
            {patient
              ? 'When a time frees up it is offered and held for them.'
              : 'When a time frees up we email you and hold it for you: accept it on your page.'}
          </Text>
          <Anchor component={Link} to={patient ? '/app/waitlist' : '/app/me'} size="sm">
            {patient ? 'Open the waitlist' : 'See your waitlist and visits'}
          </Anchor>
        </Stack>
      </Paper>
    );
  }

  return (
    <Paper withBorder p="md" radius="md" component="section" aria-labelledby="booking-waitlist-title">
      <Stack gap="xs">
        <Title order={3} size="h5" id="booking-waitlist-title">
          No time that suits {patient ? 'them' : 'you'}?
        </Title>
        {!open ? (
          <>
            <Text size="sm">
              Join the waitlist: when a time frees up in the days {patient ? 'they choose' : 'you choose'}, it
              is offered and held {patient ? 'for them' : 'for you'}.
            </Text>
            <div>
              <Button ref={buttonRef} variant="light" onClick={() => setOpen(true)}>
                Join the waitlist
              </Button>
            </div>
          </>
        ) : (
          <div ref={formRef}>
            <JoinWaitlistForm
              types={types}
              practitioners={practitioners}
              today={today}
              patientId={patient?.id}
              initial={{ type: typeId, practitionerId, from, to }}
              idPrefix="book-wl"
              onJoined={(entry) => setJoined(entry)}
              onCancel={() => setOpen(false)}
            />
          </div>
        )}
      </Stack>
    </Paper>
  );
}
