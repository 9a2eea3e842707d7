import { isNull } from 'drizzle-orm';
import { practitioners } from '../../db/schema.ts';
import { defineSubject, tableSubject } from '../../platform/subjects.ts';
import {
  findOfferSubject,
  findTypeSubject,
  type AppointmentTypeRow,
  type OfferRow,
} from './subject-store.ts';
import { appointments, timeOff, waitlistEntries } from './tables.ts';

/** The record kinds scheduling routes open by id. */
export const appointmentSubject = tableSubject({
  name: 'appointment',
  resourceType: 'Appointment',
  table: appointments,
  patientData: true,
  patient: appointments.patientId,
});

export const waitlistEntrySubject = tableSubject({
  name: 'waiting-list entry',
  resourceType: 'WaitlistEntry',
  table: waitlistEntries,
  patientData: true,
  patient: waitlistEntries.patientId,
});

export const waitlistOfferSubject = defineSubject<OfferRow, true>({
  name: 'offer',
  resourceType: 'WaitlistOffer',
  patientData: true,
  find: (q, ctx, id) => findOfferSubject(q, ctx.user.clinicId, id),
});

/** Practitioners, appointment types and closures hold no patient data: clinic and id only. */
export const practitionerSubject = tableSubject({
  name: 'practitioner',
  resourceType: 'Practitioner',
  table: practitioners,
  patientData: false,
});

/** Appointment types are addressed by their code (`omt-extended`), unique in the clinic. */
export const appointmentTypeSubject = defineSubject<AppointmentTypeRow, false>({
  name: 'appointment type',
  resourceType: 'AppointmentType',
  patientData: false,
  find: async (q, ctx, code) => {
    const row = await findTypeSubject(q, ctx.user.clinicId, code);
    return row ? { record: row, patientId: null } : null;
  },
});

export const closureSubject = tableSubject({
  name: 'closure',
  resourceType: 'Closure',
  table: timeOff,
  patientData: false,
  where: isNull(timeOff.practitionerId),
});
