import { z } from 'zod';
import { defineRoute, type RouteDef } from '../../platform/route.ts';
import { ROLES, STAFF_ROLES } from '../../platform/context.ts';
import { idempotencyKeyOf } from '../../platform/idempotency.ts';
import * as service from './service.ts';
import * as store from './store.ts';
import { bookingBody, code, instant, instantOrDate } from '../../../contracts/scheduling.ts';
import { instantOf } from './common.ts';
import { APPOINTMENT_STATUSES } from './tables.ts';
import { typeView } from './schedule.ts';
import { acceptIntakeConsent, readIntakeConsent } from './intake.ts';
import { scheduleRoutes } from './schedule-routes.ts';
import { waitlistRoutes } from './waitlist-routes.ts';
import { appointmentSubject } from './subjects.ts';
import { patientSubject } from '../../platform/subjects.ts';

const idParams = z.object({ id: z.uuid('Not a valid appointment id') });

const bookingRoutes: RouteDef[] = [
  defineRoute({
    method: 'GET',
    url: '/api/v1/appointment-types',
    summary: 'Appointment types (public: those bookable online; staff: all of their clinic)',
    tags: ['scheduling'],
    access: { public: true },
    subject: 'none',
    query: z.object({
      clinicId: z.uuid().optional(),
      includeInactive: z.enum(['true', 'false']).optional(),
    }),
    handler: async (ctx, { query }, req) => {
      // Public callers see the online-bookable types; a signed-in user sees their own clinic's.
      const clinicId = ctx.user?.clinicId ?? query.clinicId;
      const staff = !!ctx.user && ctx.user.role !== 'patient';
      const rows = await store.listTypes(req.server.deps.db, {
        clinicId,
        onlineOnly: !staff,
        includeInactive: staff && query.includeInactive === 'true',
      });
      return rows.map(typeView);
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/practitioners',
    summary: 'Practitioners (public directory fields)',
    tags: ['scheduling'],
    access: { public: true },
    subject: 'none',
    query: z.object({ clinicId: z.uuid().optional() }),
    handler: async (ctx, { query }, req) => {
      const rows = await store.listPractitioners(req.server.deps.db, ctx.user?.clinicId ?? query.clinicId);
      return rows.map((p) => ({
        id: p.id,
        name: p.name,
        timeZone: p.timeZone,
        credentials: p.credentials,
        boardCertifications: p.boardCertifications,
        techniques: p.techniques,
        languages: p.languages,
        acceptingNewPatients: p.acceptingNewPatients,
        clinicId: p.clinicId,
      }));
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/availability',
    summary:
      'Free slots of a practitioner for an appointment type, computed from the weekly rules in their time zone',
    tags: ['scheduling'],
    access: { public: true },
    subject: 'none',
    query: z.object({
      practitionerId: z.uuid('Not a valid practitioner id'),
      appointmentType: code,
      from: instantOrDate,
      to: instantOrDate.optional(),
    }),
    handler: async (ctx, { query }, req) => {
      return service.availability(req.server.deps, ctx, query);
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/appointments',
    summary: 'Book an appointment (Idempotency-Key header required); 409 when the time is not free',
    tags: ['scheduling'],
    access: { roles: ROLES },
    successStatus: 201,
    audit: service.BOOK_AUDIT,
    subject: 'clinic',
    body: bookingBody,
    example: {
      practitionerId: '0b6c1f1e-2d3a-4e5f-8a9b-1c2d3e4f5a6b',
      appointmentType: 'omt-follow-up',
      start: '2027-03-15T14:00:00Z',
      patientId: '6f1c2d3e-4b5a-4c7d-8e9f-0a1b2c3d4e5f',
      reason: 'Low back pain, two weeks',
    },
    handler: async (ctx, { body }, req, reply) => {
      const key = idempotencyKeyOf(req);
      const res = await service.book(req.server.deps, ctx, body, key);
      if (res.replayed) void reply.header('idempotent-replayed', 'true');
      return reply.code(res.status).send(res.body);
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/appointments',
    summary: 'Appointments of this clinic (patients: their own)',
    tags: ['scheduling'],
    access: { roles: ROLES },
    audit: { action: 'appointment.search', resourceType: 'Appointment' },
    subject: 'clinic',
    query: z.object({
      from: instantOrDate.optional(),
      to: instantOrDate.optional(),
      practitionerId: z.uuid().optional(),
      patientId: z.uuid().optional(),
      status: z.enum(APPOINTMENT_STATUSES).optional(),
    }),
    handler: async (ctx, { query }, req) => {
      // A date is a day in the clinic's time zone, as for availability.
      const zone = await store.clinicTimeZone(req.server.deps.db, ctx.user.clinicId);
      return {
        results: await service.listAppointments(ctx, {
          ...query,
          from: query.from ? instantOf(query.from, zone, 'start') : undefined,
          to: query.to ? instantOf(query.to, zone, 'end') : undefined,
        }),
      };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/appointments/:id',
    summary: 'One appointment with its status history',
    tags: ['scheduling'],
    access: { roles: ROLES },
    params: idParams,
    audit: { action: 'appointment.read', resourceType: 'Appointment' },
    subject: { kind: appointmentSubject, param: 'id' },
    handler: async (ctx) => service.getAppointment(ctx),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/appointments/:id/cancel',
    summary: 'Cancel an appointment; the slot becomes free (late cancellations are marked)',
    tags: ['scheduling'],
    access: { roles: ROLES },
    params: idParams,
    audit: { action: 'appointment.cancel', resourceType: 'Appointment' },
    subject: { kind: appointmentSubject, param: 'id' },
    example: { reason: 'Feeling better' },
    body: z.object({ reason: z.string().trim().max(500).nullish() }).strict(),
    handler: async (ctx, { body }) => service.cancel(ctx, body.reason ?? null),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/appointments/:id/reschedule',
    summary: 'Move an appointment to another free time, atomically',
    tags: ['scheduling'],
    access: { roles: ROLES },
    params: idParams,
    audit: { action: 'appointment.reschedule', resourceType: 'Appointment' },
    subject: { kind: appointmentSubject, param: 'id' },
    example: { start: '2027-03-15T15:00:00Z' },
    body: z.object({ start: instant }).strict(),
    handler: async (ctx, { body }) => service.reschedule(ctx, body.start),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/appointments/:id/status',
    summary:
      'Front desk: check a patient in, complete the visit, or record a no-show (kept in the status history)',
    tags: ['scheduling'],
    access: { roles: STAFF_ROLES },
    params: idParams,
    audit: { action: 'appointment.status', resourceType: 'Appointment' },
    subject: { kind: appointmentSubject, param: 'id' },
    example: { status: 'checked-in' },
    body: z
      .object({
        status: z.enum(['checked-in', 'completed', 'no-show']),
        note: z.string().trim().max(500).nullish(),
      })
      .strict(),
    handler: async (ctx, { body }) => service.setStatus(ctx, body.status, body.note ?? null),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/patients/:id/intake-consent',
    summary: 'The new-patient intake consent text and whether this patient has accepted it',
    tags: ['scheduling'],
    access: { roles: ROLES },
    params: z.object({ id: z.uuid('Not a valid patient id') }),
    audit: { action: 'intake-consent.read', resourceType: 'Consent' },
    subject: { kind: patientSubject, param: 'id' },
    handler: async (ctx) => readIntakeConsent(ctx),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/patients/:id/intake-consent',
    summary:
      'Accept the intake consent (the patient in the portal), or record one given in person or on paper (staff)',
    tags: ['scheduling'],
    access: { roles: ROLES },
    params: z.object({ id: z.uuid('Not a valid patient id') }),
    audit: { action: 'intake-consent.accept', resourceType: 'Consent' },
    subject: { kind: patientSubject, param: 'id' },
    successStatus: 201,
    example: { accepted: true },
    body: z
      .object({
        accepted: z.literal(true, 'Send accepted: true to accept the consent'),
        method: z.enum(['in-person', 'paper']).optional(),
      })
      .strict(),
    handler: async (ctx, { body }, _req, reply) => {
      const res = await acceptIntakeConsent(ctx, body.method);
      return reply.code(res.created ? 201 : 200).send(res.body);
    },
  }),
];

export const schedulingRoutes: RouteDef[] = [...bookingRoutes, ...scheduleRoutes, ...waitlistRoutes];
