import { z } from 'zod';
import { ref } from './references.ts';
import { APPOINTMENT_STATUSES } from '../domain/scheduling/appointments.ts';
import { isValidTimeZone } from '../domain/scheduling/wall-clock.ts';

/**
 * Scheduling: appointment types, weekly hours, overrides, time off and settings (bodies), and the
 * answers the web app reads (types, practitioners, availability, appointments).
 */

export const instant = z
  .string()
  .refine(
    (s) =>
      /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(s) &&
      !Number.isNaN(Date.parse(s)),
    'Use an ISO 8601 instant with an offset, e.g. 2027-03-15T09:00:00-05:00',
  );
export const instantOrDate = z
  .string()
  .refine(
    (s) => (/^\d{4}-\d{2}-\d{2}$/.test(s) || /T/.test(s)) && !Number.isNaN(Date.parse(s)),
    'Use a date (YYYY-MM-DD) or an ISO 8601 instant',
  );
export const code = z
  .string()
  .trim()
  .min(1)
  .max(60)
  .regex(/^[a-z0-9-]+$/, 'Use the appointment type’s id, e.g. omt-follow-up');

export const isoDate = z
  .string()
  .refine(
    (s) => /^\d{4}-\d{2}-\d{2}$/.test(s) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s),
    'Use a calendar date, YYYY-MM-DD',
  );

export const timeZone = z
  .string()
  .trim()
  .min(1)
  .max(64)
  .refine((z) => isValidTimeZone(z), 'Unknown time zone: use an IANA name such as America/Chicago');

const startTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'Use HH:mm on a 24-hour clock, e.g. 09:00');
const endTime = z
  .string()
  .regex(/^(([01]\d|2[0-3]):[0-5]\d|24:00)$/, 'Use HH:mm on a 24-hour clock (24:00 = midnight), e.g. 17:30');

export const wallInterval = z
  .object({ start: startTime, end: endTime })
  .strict()
  .refine((i) => i.end > i.start, { path: ['end'], message: 'Must be after start' });

/** Intervals of one day must not overlap (touching is fine: 09:00–12:00 and 12:00–17:00). */
function noOverlap(
  items: { start: string; end: string; weekday?: number }[],
  ctx: z.RefinementCtx,
  label: (i: number) => (string | number)[],
) {
  const sorted = items
    .map((it, i) => ({ ...it, i }))
    .sort((a, b) => (a.weekday ?? 0) - (b.weekday ?? 0) || a.start.localeCompare(b.start));
  for (let k = 1; k < sorted.length; k++) {
    const prev = sorted[k - 1]!;
    const cur = sorted[k]!;
    if ((prev.weekday ?? 0) === (cur.weekday ?? 0) && cur.start < prev.end) {
      ctx.addIssue({
        code: 'custom',
        path: label(cur.i).concat('start'),
        message: `Overlaps ${prev.start}–${prev.end} on the same day`,
      });
    }
  }
}

export const weeklyHoursBody = z
  .object({
    timeZone: timeZone.optional(),
    hours: z
      .array(
        z
          .object({
            weekday: z
              .number()
              .int()
              .min(1, 'Use 1 (Monday) to 7 (Sunday)')
              .max(7, 'Use 1 (Monday) to 7 (Sunday)'),
            start: startTime,
            end: endTime,
          })
          .strict()
          .refine((h) => h.end > h.start, { path: ['end'], message: 'Must be after start' }),
      )
      .max(70),
  })
  .strict()
  .superRefine((b, ctx) => noOverlap(b.hours, ctx, (i) => ['hours', i]));

export const overrideBody = z
  .object({
    date: isoDate,
    intervals: z.array(wallInterval).max(10),
    note: z.string().trim().max(200).nullish(),
  })
  .strict()
  .superRefine((b, ctx) => noOverlap(b.intervals, ctx, (i) => ['intervals', i]));

export const timeOffBody = z
  .object({ start: instant, end: instant, reason: z.string().trim().max(200).nullish() })
  .strict()
  .superRefine((b, ctx) => {
    const ms = Date.parse(b.end) - Date.parse(b.start);
    if (!(ms > 0)) ctx.addIssue({ code: 'custom', path: ['end'], message: 'Must be after start' });
    else if (ms > 366 * 86_400_000)
      ctx.addIssue({ code: 'custom', path: ['end'], message: 'At most a year after start' });
  });

const typeFields = {
  name: z.string().trim().min(1).max(120),
  description: z.string().trim().max(1000).nullish(),
  durationMinutes: z.number().int().min(5).max(480),
  bufferBeforeMinutes: z.number().int().min(0).max(240),
  bufferAfterMinutes: z.number().int().min(0).max(240),
  slotIntervalMinutes: z.number().int().min(5).max(240),
  minNoticeMinutes: z
    .number()
    .int()
    .min(0)
    .max(30 * 24 * 60),
  horizonDays: z.number().int().min(1).max(730),
  bookableOnline: z.boolean(),
  newPatientOnly: z.boolean(),
  selfPayPrice: z.number().min(0).max(100_000).nullable(),
};

export const typeCreateBody = z
  .object({
    code,
    ...typeFields,
    bufferBeforeMinutes: typeFields.bufferBeforeMinutes.optional(),
    bufferAfterMinutes: typeFields.bufferAfterMinutes.optional(),
    slotIntervalMinutes: typeFields.slotIntervalMinutes.optional(),
    minNoticeMinutes: typeFields.minNoticeMinutes.optional(),
    horizonDays: typeFields.horizonDays.optional(),
    bookableOnline: typeFields.bookableOnline.optional(),
    newPatientOnly: typeFields.newPatientOnly.optional(),
    selfPayPrice: typeFields.selfPayPrice.optional(),
  })
  .strict();

export const typePatchBody = z
  .object({ ...typeFields, active: z.boolean() })
  .partial()
  .strict()
  .refine((b) => Object.keys(b).length > 0, { message: 'Send at least one field to change' });

export const settingsPatchBody = z
  .object({
    lateCancelHours: z.number().int().min(0).max(168),
    maxFutureBookingsPerPatient: z.number().int().min(1).max(50),
    waitlistHoldMinutes: z
      .number()
      .int()
      .min(5)
      .max(7 * 24 * 60),
    reminderLeadMinutes: z
      .array(
        z
          .number()
          .int()
          .min(15)
          .max(14 * 24 * 60),
      )
      .max(5)
      .refine((a) => new Set(a).size === a.length, 'Each lead time once'),
  })
  .partial()
  .strict()
  .refine((b) => Object.keys(b).length > 0, { message: 'Send at least one setting to change' });

/** `POST /appointments` (with an Idempotency-Key header); patients book for themselves. */
export const bookingBody = z
  .object({
    practitionerId: ref('practitioner'),
    appointmentType: code,
    start: instant,
    patientId: ref('patient').nullish(),
    reason: z
      .string()
      .trim()
      .max(500, 'Keep the reason for the visit under 500 characters')
      .nullish()
      .describe('What brings the patient in; it starts the visit note’s chief complaint'),
    painScore: z
      .number()
      .int('Rate the pain with a whole number from 0 to 10')
      .min(0, 'Rate the pain from 0 (none) to 10 (worst)')
      .max(10, 'Rate the pain from 0 (none) to 10 (worst)')
      .nullish(),
  })
  .strict();
export type BookingInput = z.input<typeof bookingBody>;

/** `POST /waitlist`: a practitioner (or any, null), an appointment type and a date window. */
export const waitlistJoinBody = z
  .object({
    patientId: ref('patient').nullish(),
    practitionerId: ref('practitioner').nullish(),
    appointmentType: code,
    from: instantOrDate,
    to: instantOrDate,
    note: z.string().trim().max(300).nullish(),
  })
  .strict();
export type WaitlistJoinInput = z.input<typeof waitlistJoinBody>;

// ---------------------------------------------------------------------------------------------
// Answers

export const appointmentStatusSchema = z.enum(APPOINTMENT_STATUSES);

export const appointmentTypeResponse = z.object({
  /** The type's code, e.g. `omt-follow-up`. */
  id: z.string(),
  name: z.string(),
  description: z.string().nullish(),
  durationMinutes: z.number().int(),
  bufferBeforeMinutes: z.number().int(),
  bufferAfterMinutes: z.number().int(),
  slotIntervalMinutes: z.number().int().optional(),
  minNoticeMinutes: z.number().int().optional(),
  horizonDays: z.number().int().optional(),
  bookableOnline: z.boolean(),
  newPatientOnly: z.boolean().optional(),
  selfPayPrice: z.object({ amount: z.number(), currency: z.string() }).nullish(),
  active: z.boolean().optional(),
  clinicId: z.uuid().optional(),
});
export type AppointmentType = z.infer<typeof appointmentTypeResponse>;

/** The public directory fields of a practitioner. */
export const practitionerResponse = z.object({
  id: z.uuid(),
  name: z.string(),
  timeZone: z.string(),
  credentials: z.array(z.string()).optional(),
  boardCertifications: z.array(z.string()).optional(),
  techniques: z.array(z.string()).optional(),
  languages: z.array(z.string()).optional(),
  acceptingNewPatients: z.boolean().optional(),
  clinicId: z.uuid().optional(),
});
export type Practitioner = z.infer<typeof practitionerResponse>;

export const slotResponse = z.object({ start: z.string(), end: z.string(), practitionerId: z.uuid() });
export type Slot = z.infer<typeof slotResponse>;

/** `GET /availability`: free slots of one practitioner for one appointment type. */
export const availabilityResponse = z.object({
  practitionerId: z.uuid(),
  timeZone: z.string(),
  appointmentType: z.string(),
  durationMinutes: z.number().int(),
  slots: z.array(slotResponse),
});
export type Availability = z.infer<typeof availabilityResponse>;

export const appointmentResponse = z.object({
  id: z.uuid(),
  status: appointmentStatusSchema,
  start: z.string(),
  end: z.string(),
  practitionerId: z.uuid(),
  patientId: z.uuid(),
  appointmentType: z.string().optional(),
  appointmentTypeName: z.string().optional(),
  patientName: z.string().optional(),
  clinicId: z.uuid().optional(),
  source: z.string().optional(),
  createdAt: z.string().optional(),
  cancelledAt: z.string().optional(),
  lateCancellation: z.boolean().optional(),
  /** What brings the patient in and their pain 0–10, as given when booking. */
  reason: z.string().nullish(),
  painScore: z.number().int().nullish(),
  /** Staff: the visit note documenting this appointment, if one was started. */
  note: z.object({ encounterId: z.uuid(), status: z.enum(['draft', 'signed']) }).nullish(),
});
export type Appointment = z.infer<typeof appointmentResponse>;

export const appointmentHistoryEntryResponse = z.object({
  at: z.string(),
  byUserId: z.uuid().nullable(),
  from: z.string().nullable(),
  to: z.string(),
  note: z.string().nullable(),
});
export type AppointmentHistoryEntry = z.infer<typeof appointmentHistoryEntryResponse>;

/** `GET /appointments/{id}`: one appointment with its status history. */
export const appointmentDetailResponse = appointmentResponse.extend({
  history: z.array(appointmentHistoryEntryResponse),
});
export type AppointmentDetail = z.infer<typeof appointmentDetailResponse>;
