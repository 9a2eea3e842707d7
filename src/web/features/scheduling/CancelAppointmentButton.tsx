import { Button, Group, Modal, Stack, Text, Textarea, type ButtonProps } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useState } from 'react';
import { toApiError, type ApiError } from '../../api/client';
import type { Appointment } from '../../../contracts/scheduling.ts';
import { ProblemAlert } from '../../components/ProblemAlert';
import { cancelAppointment } from './api';

interface Props extends Omit<ButtonProps, 'onClick'> {
  appointment: Appointment;
  /** "Tuesday, November 24 at 9:00 AM with Dr. Patel": what is being cancelled, in words. */
  description: string;
  onCancelled: (result: Appointment) => void;
  /** For a patient: the note about late cancellations. */
  patientView?: boolean;
  label?: string;
}

/** Asks before cancelling (with an optional reason); keeps the reason when the request fails. */
export function CancelAppointmentButton({
  appointment,
  description,
  onCancelled,
  patientView = false,
  label = 'Cancel visit',
  ...buttonProps
}: Props) {
  const [opened, { open, close }] = useDisclosure(false);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | undefined>();
  const hoursAway = (Date.parse(appointment.start) - Date.now()) / 3_600_000;

  const confirm = async () => {
    setBusy(true);
    setError(undefined);
    try {
      const result = await cancelAppointment(appointment.id, reason);
      close();
      setReason('');
      onCancelled(result);
    } catch (e) {
      setError(toApiError(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <Button
        color="red"
        variant="outline"
        {...buttonProps}
        onClick={open}
        aria-label={`${label}: ${description}`}
      >
        {label}
      </Button>
      <Modal
        opened={opened}
        onClose={close}
        title="Cancel this visit?"
        centered
        closeButtonProps={{ 'aria-label': 'Close and keep the visit' }}
      >
        <Stack gap="sm">
          <Text size="sm">{description}</Text>
          {hoursAway < 48 ? (
            <Text size="sm">
              <strong>Short notice:</strong> this visit is soon, so the clinic may record this as a late
              cancellation{patientView ? '. If you can, reschedule instead' : ''}.
            </Text>
          ) : null}
          <Textarea
            label="Reason (optional)"
            description={patientView ? 'Helps the clinic; you do not have to say.' : undefined}
            value={reason}
            onChange={(e) => setReason(e.currentTarget.value)}
            maxLength={500}
            autosize
            minRows={2}
          />
          <ProblemAlert error={error} title="The visit was not cancelled" />
          <Group justify="flex-end" mt="xs">
            <Button variant="default" onClick={close}>
              Keep the visit
            </Button>
            <Button color="red" loading={busy} onClick={confirm}>
              Cancel the visit
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}

/** What to tell someone after a cancellation. */
export function cancelledMessage(result: Appointment, description: string): string {
  const late = result.lateCancellation
    ? ' Note: this was recorded as a late cancellation, because it was made with less notice than the clinic asks for.'
    : '';
  return `Cancelled: ${description}.${late}`;
}
