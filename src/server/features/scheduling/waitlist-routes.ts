import { z } from 'zod';
import { defineRoute, type RouteDef } from '../../platform/route.ts';
import { ROLES, type Role } from '../../platform/context.ts';
import * as waitlist from './waitlist.ts';
import { waitlistJoinBody } from '../../../contracts/scheduling.ts';
import { waitlistEntrySubject, waitlistOfferSubject } from './subjects.ts';

const tags = ['waitlist'];
/** Patients for themselves, the front desk (and admins) for any patient of the clinic. */
const JOINERS: readonly Role[] = ['admin', 'frontdesk', 'patient'];

export const waitlistRoutes: RouteDef[] = [
  defineRoute({
    method: 'POST',
    url: '/api/v1/waitlist',
    summary:
      'Join the waiting list for a practitioner (or any: practitionerId null), an appointment type and a date window; a freed matching time is offered and held',
    tags,
    access: { roles: JOINERS },
    body: waitlistJoinBody,
    example: { practitionerId: null, appointmentType: 'omt-follow-up', from: '2027-03-15', to: '2027-03-26' },
    successStatus: 201,
    audit: waitlist.JOIN_AUDIT,
    subject: 'clinic',
    handler: async (ctx, { body }) => waitlist.joinWaitlist(ctx, body),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/waitlist',
    summary: 'Waiting-list entries with their open offer (staff: the clinic’s; patients: their own)',
    tags,
    access: { roles: ROLES },
    query: z.object({
      status: z.enum(['waiting', 'offered', 'booked', 'cancelled']).optional(),
      patientId: z.uuid().optional(),
      practitionerId: z.uuid().optional(),
    }),
    audit: { action: 'waitlist.search', resourceType: 'WaitlistEntry' },
    subject: 'clinic',
    handler: async (ctx, { query }) => ({ results: await waitlist.listWaitlist(ctx, query) }),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/waitlist/:id/cancel',
    summary: 'Leave the waiting list (an open offer is withdrawn and passed on)',
    tags,
    access: { roles: JOINERS },
    params: z.object({ id: z.uuid('Not a valid waiting-list entry id') }),
    audit: { action: 'waitlist.leave', resourceType: 'WaitlistEntry' },
    subject: { kind: waitlistEntrySubject, param: 'id' },
    handler: async (ctx) => waitlist.leaveWaitlist(ctx),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/waitlist/offers',
    summary: 'Offers made from the waiting list, newest first (staff: the clinic’s; patients: their own)',
    tags,
    access: { roles: ROLES },
    query: z.object({
      status: z.enum(['pending', 'accepted', 'declined', 'expired', 'withdrawn']).optional(),
      patientId: z.uuid().optional(),
    }),
    audit: { action: 'waitlist.offers.search', resourceType: 'WaitlistOffer' },
    subject: 'clinic',
    handler: async (ctx, { query }) => ({ results: await waitlist.listOffers(ctx, query) }),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/waitlist/offers/:id/accept',
    summary: 'Accept an offer: the held time becomes a booking (409 once the offer has expired)',
    tags,
    access: { roles: JOINERS },
    params: z.object({ id: z.uuid('Not a valid offer id') }),
    audit: { action: 'waitlist.offer.accepted', resourceType: 'WaitlistOffer' },
    subject: { kind: waitlistOfferSubject, param: 'id' },
    handler: async (ctx) => waitlist.acceptOffer(ctx),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/waitlist/offers/:id/decline',
    summary: 'Decline an offer: the hold is released and offered to the next entry; you stay on the list',
    tags,
    access: { roles: JOINERS },
    params: z.object({ id: z.uuid('Not a valid offer id') }),
    audit: { action: 'waitlist.offer.declined', resourceType: 'WaitlistOffer' },
    subject: { kind: waitlistOfferSubject, param: 'id' },
    handler: async (ctx) => waitlist.declineOffer(ctx),
  }),
];
