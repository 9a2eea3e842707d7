import { NativeSelect, Stack, Textarea } from '@mantine/core';

const PAIN_OPTIONS = [
  { value: '', label: 'Prefer not to say' },
  ...Array.from({ length: 11 }, (_, i) => ({
    value: String(i),
    label: i === 0 ? '0 – no pain' : i === 10 ? '10 – worst imaginable' : String(i),
  })),
];

/**
 * Booking: what brings the patient in and how much it hurts. Both are optional; they start the visit
 * note's chief complaint and pain-before score when the clinician opens the note from the appointment.
 */
export function VisitReasonFields(props: {
  reason: string;
  pain: string;
  onReason: (v: string) => void;
  onPain: (v: string) => void;
  forPatient: boolean;
}) {
  return (
    <Stack gap="sm">
      <Textarea
        label={props.forPatient ? 'What brings you in? (optional)' : 'Reason for the visit (optional)'}
        description={
          props.forPatient
            ? 'For example: low back pain since lifting boxes last week. Your practitioner reads this before the visit.'
            : 'In the caller’s words; it starts the note’s chief complaint.'
        }
        value={props.reason}
        onChange={(e) => props.onReason(e.currentTarget.value)}
        maxLength={500}
        autosize
        minRows={2}
      />
      <NativeSelect
        label={props.forPatient ? 'How bad is the pain today? (optional)' : 'Pain today, 0–10 (optional)'}
        data={PAIN_OPTIONS}
        value={props.pain}
        onChange={(e) => props.onPain(e.currentTarget.value)}
      />
    </Stack>
  );
}
