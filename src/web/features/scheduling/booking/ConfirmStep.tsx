import { Button, Stack, Text } from '@mantine/core';
import { useEffect, useRef } from 'react';
import { Link } from 'react-router';
import type { ApiError } from '../../../api/client';
import type { AppointmentType } from '../../../../contracts/scheduling.ts';
import { ProblemAlert } from '../../../components/ProblemAlert';
import { durationLabel, isRetryable, priceLabel, problemSlug } from '../api';
import { AppointmentSummary, VisitTime } from '../AppointmentSummary';
import { IntakeConsent } from '../IntakeConsent';
import { localEcho, longDate, longDateTime, zoneLabel } from '../time';
import { VisitReasonFields } from '../VisitReasonFields';

/** The chosen time: its start and the practitioner it is with. */
export interface ChosenSlot {
  start: string;
  practitionerId: string;
}

/**
 * Step "Check and book" (or "Check the new time"): the visit as it will be booked, the reason and
 * pain fields, what went wrong with the last try and what to do about it, and the book button.
 */
export function ConfirmStep({
  type,
  slot,
  slotZone,
  viewerZone,
  rescheduling,
  patientName,
  currentStart,
  clinicName,
  practitionerLabel,
  reason,
  pain,
  onReason,
  onPain,
  forPatient,
  consentPatientId,
  submitError,
  busy,
  onSubmit,
  onBack,
  onOtherType,
}: {
  type: AppointmentType;
  slot: ChosenSlot;
  /** The zone of the chosen practitioner (the time is shown in it). */
  slotZone: string;
  viewerZone: string;
  rescheduling: boolean;
  /** The patient booked for (staff), or undefined. */
  patientName: string | undefined;
  /** When the visit being moved is now. */
  currentStart: string | undefined;
  clinicName: string;
  practitionerLabel: (id: string) => string;
  reason: string;
  pain: string;
  onReason: (v: string) => void;
  onPain: (v: string) => void;
  forPatient: boolean;
  /** The signed-in patient, who can accept the intake consent here. */
  consentPatientId: string | null;
  submitError: ApiError | undefined;
  busy: boolean;
  onSubmit: () => void;
  onBack: () => void;
  onOtherType: () => void;
}) {
  // A failed request disables (and so unfocuses) the button: put focus on the explanation instead.
  const errorRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (submitError) errorRef.current?.focus();
  }, [submitError]);

  const echo = localEcho(slot.start, slotZone, viewerZone);
  const end = new Date(Date.parse(slot.start) + type.durationMinutes * 60_000).toISOString();
  const slug = submitError ? problemSlug(submitError) : '';
  const price = priceLabel(type);
  return (
    <Stack gap="md">
      <AppointmentSummary
        emphasis
        rows={[
          patientName ? { label: 'Patient', value: patientName } : null,
          { label: 'Visit', value: `${type.name} · ${durationLabel(type.durationMinutes)}` },
          price ? { label: 'Price', value: price } : null,
          { label: 'With', value: practitionerLabel(slot.practitionerId) },
          currentStart ? { label: 'Currently', value: longDateTime(currentStart, slotZone) } : null,
          { label: rescheduling ? 'New date' : 'Date', value: longDate(slot.start, slotZone) },
          {
            label: rescheduling ? 'New time' : 'Time',
            value: (
              <VisitTime
                start={slot.start}
                end={end}
                zone={slotZone}
                zoneText={`Times in ${zoneLabel(slotZone)}`}
                echo={echo}
              />
            ),
          },
          { label: 'Place', value: clinicName },
        ]}
      />
      {rescheduling ? null : (
        <VisitReasonFields
          reason={reason}
          pain={pain}
          onReason={onReason}
          onPain={onPain}
          forPatient={forPatient}
        />
      )}
      {submitError ? (
        <Stack gap="xs" ref={errorRef} tabIndex={-1}>
          {slug === 'intake-consent-required' ? (
            <Text fw={600}>One more step before your first visit can be booked.</Text>
          ) : (
            <ProblemAlert
              error={submitError}
              title={rescheduling ? 'The visit was not moved' : 'The visit was not booked'}
            />
          )}
          {slug === 'booking-limit' ? (
            <div>
              <Button component={Link} to="/app/me" variant="default">
                See your upcoming visits
              </Button>
            </div>
          ) : null}
          {slug === 'intake-consent-required' && consentPatientId ? (
            <IntakeConsent patientId={consentPatientId} onAccepted={onSubmit} />
          ) : null}
          {slug === 'new-patient-only' ? (
            <div>
              <Button variant="default" onClick={onOtherType}>
                Choose another visit type
              </Button>
            </div>
          ) : null}
          {isRetryable(submitError) ? (
            <Text size="sm">Nothing was booked twice: pressing the button again safely retries.</Text>
          ) : null}
        </Stack>
      ) : null}
      {slug !== 'booking-limit' && slug !== 'new-patient-only' && slug !== 'intake-consent-required' ? (
        <Button size="lg" fullWidth loading={busy} onClick={onSubmit}>
          {rescheduling ? 'Move my visit to this time' : 'Book this visit'}
        </Button>
      ) : null}
      <Button size="md" variant="default" fullWidth onClick={onBack} disabled={busy}>
        Choose another time
      </Button>
    </Stack>
  );
}
