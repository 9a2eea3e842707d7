import { z } from 'zod';
import { defineRoute, type RouteDef } from '../../platform/route.ts';
import { STAFF_ROLES, type Role } from '../../platform/context.ts';
import * as schedule from './schedule.ts';
import * as feeds from './calendar-feed.ts';
import {
  code,
  overrideBody,
  settingsPatchBody,
  timeOffBody,
  typeCreateBody,
  typePatchBody,
  weeklyHoursBody,
} from '../../../contracts/scheduling.ts';
import { appointmentTypeSubject, closureSubject, practitionerSubject } from './subjects.ts';

const practitionerParams = z.object({ id: z.uuid('Not a valid practitioner id') });
const MANAGERS: readonly Role[] = ['admin', 'frontdesk', 'clinician'];
const DESK: readonly Role[] = ['admin', 'frontdesk'];
const tags = ['scheduling'];

export const scheduleRoutes: RouteDef[] = [
  defineRoute({
    method: 'GET',
    url: '/api/v1/practitioners/:id/schedule',
    summary: 'A practitioner’s weekly hours, upcoming date overrides, time off and clinic closures',
    tags,
    access: { roles: STAFF_ROLES },
    params: practitionerParams,
    subject: { kind: practitionerSubject, param: 'id' },
    handler: async (ctx, { params }, req) => schedule.getSchedule(req.server.deps, ctx, params.id),
  }),
  defineRoute({
    method: 'PUT',
    url: '/api/v1/practitioners/:id/weekly-hours',
    summary:
      'Replace a practitioner’s weekly hours (HH:mm in their IANA time zone, which may be changed too); clinicians only their own',
    tags,
    access: { roles: MANAGERS },
    params: practitionerParams,
    body: weeklyHoursBody,
    example: {
      timeZone: 'America/Chicago',
      hours: [
        { weekday: 1, start: '08:00', end: '12:00' },
        { weekday: 1, start: '13:00', end: '17:00' },
        { weekday: 3, start: '09:00', end: '15:00' },
      ],
    },
    audit: { action: 'schedule.hours.replace', resourceType: 'Practitioner' },
    subject: { kind: practitionerSubject, param: 'id' },
    handler: async (ctx, { params, body }, req) =>
      schedule.replaceWeeklyHours(req.server.deps, ctx, params.id, body),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/practitioners/:id/overrides',
    summary:
      'Set the hours of one date (replaces the weekly hours that day; no intervals = day off); a second one for the same date replaces the first',
    tags,
    access: { roles: MANAGERS },
    params: practitionerParams,
    body: overrideBody,
    example: { date: '2027-04-02', intervals: [{ start: '10:00', end: '14:00' }], note: 'Short day' },
    successStatus: 201,
    audit: { action: 'schedule.override.put', resourceType: 'Practitioner' },
    subject: { kind: practitionerSubject, param: 'id' },
    handler: async (ctx, { params, body }, req) =>
      schedule.putOverride(req.server.deps, ctx, params.id, body),
  }),
  defineRoute({
    method: 'DELETE',
    url: '/api/v1/practitioners/:id/overrides/:overrideId',
    summary: 'Remove a date override (the weekly hours apply again that day)',
    tags,
    access: { roles: MANAGERS },
    params: z.object({ id: z.uuid(), overrideId: z.uuid() }),
    successStatus: 204,
    audit: { action: 'schedule.override.delete', resourceType: 'Practitioner' },
    subject: { kind: practitionerSubject, param: 'id' },
    handler: async (ctx, { params }, req) =>
      schedule.removeOverride(req.server.deps, ctx, params.id, params.overrideId),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/practitioners/:id/time-off',
    summary:
      'Add time off for a practitioner; existing appointments are kept and counted in affectedAppointments',
    tags,
    access: { roles: MANAGERS },
    params: practitionerParams,
    body: timeOffBody,
    example: { start: '2027-04-05T00:00:00-05:00', end: '2027-04-10T00:00:00-05:00', reason: 'Conference' },
    successStatus: 201,
    audit: { action: 'schedule.time-off.add', resourceType: 'Practitioner' },
    subject: { kind: practitionerSubject, param: 'id' },
    handler: async (ctx, { params, body }, req) => schedule.addTimeOff(req.server.deps, ctx, params.id, body),
  }),
  defineRoute({
    method: 'DELETE',
    url: '/api/v1/practitioners/:id/time-off/:timeOffId',
    summary: 'Remove time off',
    tags,
    access: { roles: MANAGERS },
    params: z.object({ id: z.uuid(), timeOffId: z.uuid() }),
    successStatus: 204,
    audit: { action: 'schedule.time-off.delete', resourceType: 'Practitioner' },
    subject: { kind: practitionerSubject, param: 'id' },
    handler: async (ctx, { params }, req) =>
      schedule.removeTimeOff(req.server.deps, ctx, params.id, params.timeOffId),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/closures',
    summary: 'Upcoming clinic closures (no practitioner can be booked then)',
    tags,
    access: { roles: STAFF_ROLES },
    subject: 'none',
    handler: async (ctx, _input, req) => ({ results: await schedule.listClosures(req.server.deps, ctx) }),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/closures',
    summary: 'Close the whole clinic for a time (holidays); existing appointments are counted, not cancelled',
    tags,
    access: { roles: DESK },
    body: timeOffBody,
    example: {
      start: '2027-07-04T00:00:00-05:00',
      end: '2027-07-05T00:00:00-05:00',
      reason: 'Independence Day',
    },
    successStatus: 201,
    audit: { action: 'clinic.closure.add', resourceType: 'Clinic' },
    subject: 'none',
    handler: async (ctx, { body }, req) => schedule.addTimeOff(req.server.deps, ctx, null, body),
  }),
  defineRoute({
    method: 'DELETE',
    url: '/api/v1/closures/:id',
    summary: 'Remove a clinic closure',
    tags,
    access: { roles: DESK },
    params: z.object({ id: z.uuid() }),
    successStatus: 204,
    audit: { action: 'clinic.closure.delete', resourceType: 'Clinic' },
    subject: { kind: closureSubject, param: 'id' },
    handler: async (ctx, { params }, req) => schedule.removeTimeOff(req.server.deps, ctx, null, params.id),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/appointment-types',
    summary:
      'Create an appointment type (duration, buffers, minimum notice, horizon, slot interval, online booking, new-patient only, self-pay price)',
    tags,
    access: { roles: DESK },
    body: typeCreateBody,
    example: {
      code: 'omt-extended',
      name: 'Extended OMT',
      durationMinutes: 45,
      bufferAfterMinutes: 10,
      slotIntervalMinutes: 15,
      minNoticeMinutes: 240,
      horizonDays: 60,
      bookableOnline: true,
      newPatientOnly: false,
      selfPayPrice: 130,
    },
    successStatus: 201,
    audit: { action: 'appointment-type.create', resourceType: 'AppointmentType' },
    subject: 'none',
    handler: async (ctx, { body }, req) => schedule.createType(req.server.deps, ctx, body),
  }),
  defineRoute({
    method: 'PATCH',
    url: '/api/v1/appointment-types/:id',
    summary:
      'Change an appointment type (by its id, e.g. omt-follow-up); existing appointments keep their times',
    tags,
    access: { roles: DESK },
    params: z.object({ id: code }),
    body: typePatchBody,
    example: { minNoticeMinutes: 180 },
    audit: { action: 'appointment-type.update', resourceType: 'AppointmentType' },
    subject: { kind: appointmentTypeSubject, param: 'id' },
    handler: async (ctx, { params, body }, req) => schedule.updateType(req.server.deps, ctx, params.id, body),
  }),
  defineRoute({
    method: 'DELETE',
    url: '/api/v1/appointment-types/:id',
    summary: 'Retire an appointment type (no new bookings; existing appointments are kept)',
    tags,
    access: { roles: DESK },
    params: z.object({ id: code }),
    audit: { action: 'appointment-type.deactivate', resourceType: 'AppointmentType' },
    subject: { kind: appointmentTypeSubject, param: 'id' },
    handler: async (ctx, { params }, req) => schedule.deactivateType(req.server.deps, ctx, params.id),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/scheduling/settings',
    summary:
      'The clinic’s scheduling policy (late cancellation, booking limit, waitlist hold, reminder lead times)',
    tags,
    access: { roles: STAFF_ROLES },
    subject: 'none',
    handler: async (ctx, _input, req) => schedule.getSettings(req.server.deps, ctx),
  }),
  defineRoute({
    method: 'PATCH',
    url: '/api/v1/scheduling/settings',
    summary: 'Change the clinic’s scheduling policy',
    tags,
    access: { roles: ['admin'] },
    body: settingsPatchBody,
    example: { waitlistHoldMinutes: 120, reminderLeadMinutes: [2880, 120] },
    audit: { action: 'scheduling.settings.update', resourceType: 'Clinic' },
    subject: 'none',
    handler: async (ctx, { body }, req) => schedule.updateSettings(req.server.deps, ctx, body),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/practitioners/:id/calendar-feed',
    summary:
      'Whether the practitioner’s private calendar feed is active (the URL is shown only when created)',
    tags,
    access: { roles: ['admin', 'clinician'] },
    params: practitionerParams,
    subject: { kind: practitionerSubject, param: 'id' },
    handler: async (ctx, { params }, req) => feeds.feedStatus(req.server.deps, ctx, params.id),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/practitioners/:id/calendar-feed',
    summary:
      'Create or rotate the practitioner’s private calendar feed URL (the old URL stops working); the practitioner or an admin',
    tags,
    access: { roles: ['admin', 'clinician'] },
    params: practitionerParams,
    successStatus: 201,
    audit: { action: 'calendar-feed.rotate', resourceType: 'Practitioner' },
    subject: { kind: practitionerSubject, param: 'id' },
    handler: async (ctx, { params }, req) => feeds.rotateFeed(req.server.deps, ctx, params.id),
  }),
  defineRoute({
    method: 'DELETE',
    url: '/api/v1/practitioners/:id/calendar-feed',
    summary: 'Revoke the practitioner’s calendar feed',
    tags,
    access: { roles: ['admin', 'clinician'] },
    params: practitionerParams,
    successStatus: 204,
    audit: { action: 'calendar-feed.revoke', resourceType: 'Practitioner' },
    subject: { kind: practitionerSubject, param: 'id' },
    handler: async (ctx, { params }, req) => feeds.revokeFeed(req.server.deps, ctx, params.id),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/calendar/:token.ics',
    summary:
      'A practitioner’s private calendar feed (iCalendar). Public, authenticated by the unguessable token in the URL; visits show as “OMT visit” with initials only',
    tags,
    access: { public: true },
    params: z.object({ token: z.string().max(200) }),
    subject: 'none',
    handler: async (ctx, { params }, req, reply) => {
      const ics = await feeds.renderFeed(req.server.deps, ctx, params.token);
      return reply.type('text/calendar; charset=utf-8').send(ics);
    },
  }),
];
