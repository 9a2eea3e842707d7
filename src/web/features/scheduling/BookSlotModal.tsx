import { Alert, Button, Group, Modal, NativeSelect, Stack, Text } from '@mantine/core';
import { useEffect, useRef, useState } from 'react';
import { toApiError, type ApiError } from '../../api/client';
import type { Appointment, AppointmentType, Slot } from '../../../contracts/scheduling.ts';
import type { PatientSummary } from '../../../contracts/patients.ts';
import { ProblemAlert } from '../../components/ProblemAlert';
import { bookAppointment, durationLabel, isRetryable, isSlotGone, newIdempotencyKey } from './api';
import { PatientPicker } from './PatientPicker';
import { longDateTime, zoneLabel } from './time';

interface Props {
  slot: Slot | null;
  types: AppointmentType[];
  /** The type whose free times are shown: the slot was computed for it. */
  defaultType: string;
  zone: string;
  practitionerLabel: (id: string) => string;
  patient: PatientSummary | null;
  onPatientChange: (p: PatientSummary | null) => void;
  onClose: () => void;
  onBooked: (a: Appointment, patient: PatientSummary) => void;
  /** The slot turned out to be taken: refresh the calendar behind the dialog. */
  onTaken: () => void;
  /** False when the page moves focus itself after closing (to the new appointment). */
  returnFocus?: boolean;
}

/** Book a free slot from the staff calendar for a patient found by search. */
export function BookSlotModal({
  slot,
  types,
  defaultType,
  zone,
  practitionerLabel,
  patient,
  onPatientChange,
  onClose,
  onBooked,
  onTaken,
  returnFocus = true,
}: Props) {
  const [typeId, setTypeId] = useState(defaultType);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | undefined>();
  const [taken, setTaken] = useState(false);
  const attempt = useRef<{ signature: string; key: string } | null>(null);
  const [lastSlot, setLastSlot] = useState<Slot | null>(slot);
  const bookRef = useRef<HTMLButtonElement>(null);
  const patientId = patient?.id ?? null;
  const hadPatient = useRef(patientId);

  // Picking a patient removes the search list (and the focused result): go on to the Book button.
  useEffect(() => {
    const before = hadPatient.current;
    hadPatient.current = patientId;
    if (patientId && !before && slot) {
      const frame = window.requestAnimationFrame(() => bookRef.current?.focus());
      return () => window.cancelAnimationFrame(frame);
    }
  }, [patientId, slot]);

  // A new slot opens a fresh dialog: forget the previous answer and type (not the patient).
  if (slot !== lastSlot) {
    setLastSlot(slot);
    setTypeId(defaultType);
    setError(undefined);
    setTaken(false);
  }

  const type = types.find((t) => t.id === typeId);
  const submit = async () => {
    if (!slot || !patient || !type) return;
    const body = {
      practitionerId: slot.practitionerId,
      appointmentType: type.id,
      start: slot.start,
      patientId: patient.id,
    };
    const signature = JSON.stringify(body);
    if (!attempt.current || attempt.current.signature !== signature)
      attempt.current = { signature, key: newIdempotencyKey() };
    setBusy(true);
    setError(undefined);
    try {
      const result = await bookAppointment(body, attempt.current.key);
      attempt.current = null;
      onBooked(result, patient);
    } catch (e) {
      const err = toApiError(e);
      if (!isRetryable(err)) attempt.current = null;
      if (isSlotGone(err)) {
        setTaken(true);
        onTaken();
      }
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      opened={!!slot}
      onClose={onClose}
      title={slot ? `Book ${longDateTime(slot.start, zone)}` : 'Book'}
      size="lg"
      returnFocus={returnFocus}
      closeButtonProps={{ 'aria-label': 'Close without booking' }}
    >
      {slot ? (
        <Stack gap="md">
          <Text size="sm">
            With <strong>{practitionerLabel(slot.practitionerId)}</strong>. Times in {zoneLabel(zone)}.
          </Text>
          {patient ? (
            <Group justify="space-between" wrap="nowrap">
              <Text>
                Patient: <strong>{patient.name}</strong> (born {patient.birthDate})
              </Text>
              <Button variant="subtle" onClick={() => onPatientChange(null)}>
                Change patient
              </Button>
            </Group>
          ) : (
            <PatientPicker selectedId={null} onPick={onPatientChange} autoFocus maxResults={6} />
          )}
          <NativeSelect
            label="Visit type"
            value={typeId}
            onChange={(e) => setTypeId(e.currentTarget.value)}
            data={types.map((t) => ({
              value: t.id,
              label: `${t.name} (${durationLabel(t.durationMinutes)})`,
            }))}
            description={
              typeId !== defaultType
                ? 'The free times shown were worked out for another type; a longer visit may not fit here.'
                : undefined
            }
          />
          {taken ? (
            <Alert color="amber" title="That time was just taken" role="alert">
              <Text size="sm">
                {error?.problem.detail ?? 'Someone booked it a moment ago.'} The calendar behind this dialog
                now shows the times that are still free: close this and pick another.
              </Text>
            </Alert>
          ) : (
            <ProblemAlert error={error} title="The visit was not booked" />
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {taken ? 'Close and pick another time' : 'Cancel'}
            </Button>
            {!taken ? (
              <Button ref={bookRef} onClick={submit} loading={busy} disabled={!patient}>
                Book {patient ? `for ${patient.name.split(' ')[0]}` : ''}
              </Button>
            ) : null}
          </Group>
        </Stack>
      ) : null}
    </Modal>
  );
}
