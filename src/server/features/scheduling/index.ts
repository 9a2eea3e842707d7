/**
 * The scheduling feature as other features and the app see it: its routes, its background job,
 * and what notifications needs to word and re-check messages about visits. Import scheduling
 * only through this file.
 */
import { defineFeature } from '../../platform/feature.ts';
import { jobs } from '../../platform/jobs.ts';
import { practitionerReference } from './references.ts';
import { schedulingRoutes } from './routes.ts';
import * as subjects from './subjects.ts';
import { expireHolds } from './waitlist.ts';

export { schedulingRoutes };
export { VISIT_NOTICE, type VisitNotice } from './notices.ts';
export { offerNow, visitNow } from './notice-store.ts';
export { buildIcs, type IcsMethod } from './ics.ts';

// Waiting-list offers whose hold ran out are released and passed on (before any job registered
// after this one, such as the delivery of messages: the new offers go out in the same pass).
export const appointmentSubject = subjects.appointmentSubject;
export const practitionerSubject = subjects.practitionerSubject;

export const feature = defineFeature({
  name: 'scheduling',
  routes: schedulingRoutes,
  subjects: Object.values(subjects),
  jobs: ['scheduling.expire-holds'],
  references: [practitionerReference],
});

jobs.register('scheduling.expire-holds', async (ctx) => ({ holdsExpired: await expireHolds(ctx, ctx) }));
export { addEvent, completeForSignedNote, type AppointmentRow } from './store.ts';
export { hasIntakeConsent, INTAKE_CONSENT_VERSION } from './intake.ts';
export { nextFreeStarts, nextFreeOfMany, earliest, type NextFree } from './next-free.ts';
/** Booking and free times for other features (plans of care book their visits through these). */
export { availability, book, type BookInput } from './service.ts';
