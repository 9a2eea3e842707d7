import { z } from 'zod';
import { defineRoute, type RouteDef } from '../../platform/route.ts';
import {
  directorySearchQuery,
  hideReviewBody,
  profileBody,
  reviewBody,
} from '../../../contracts/directory.ts';
import { appointmentSubject, practitionerSubject } from '../scheduling/index.ts';
import { listProfiles, saveProfile } from './profiles.ts';
import { readProfile, readReviews } from './profile-read.ts';
import { HIDE_AUDIT, REVIEW_AUDIT, createReview, hideReview, listClinicReviews } from './reviews.ts';
import { searchDirectory } from './search.ts';
import { reviewSubject } from './subjects.ts';

const listingParams = z.object({
  id: z.uuid('Not a directory listing id: open the practitioner from search'),
});

const EXAMPLE_PROFILE = {
  published: true,
  credentials: ['DO'],
  boardCertifications: [
    {
      board: 'AOBNMM',
      specialty: 'Neuromusculoskeletal Medicine / OMM',
      status: 'active',
      verifiedOn: '2027-01-15',
      source: 'https://certification.osteopathic.org/',
    },
  ],
  faao: null,
  techniques: ['muscle-energy', 'counterstrain'],
  conditions: ['low-back-pain', 'neck-pain'],
  ages: ['adults'],
  languages: ['en', 'es'],
  insurance: ['medicare', 'self-pay'],
  acceptingNewPatients: true,
  telehealth: false,
  onlineBooking: true,
  practiceName: 'Stillpoint Demo Clinic',
  address: { line: '100 N Main St', city: 'Chicago', state: 'IL', postalCode: '60601' },
  phone: '+1 312 555 0100',
};

export const directoryRoutes: RouteDef[] = [
  defineRoute({
    method: 'GET',
    url: '/api/v1/directory/practitioners',
    summary:
      'Public directory search: text with typos, distance from near=<lat>,<lng> or a ZIP, filters, keyset pages; nextAvailable from the booking engine',
    tags: ['directory'],
    access: { public: true },
    query: directorySearchQuery,
    handler: async (ctx, { query }, req) => searchDirectory(req.server.deps, ctx, query),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/directory/practitioners/:id',
    summary:
      'One directory listing with its next bookable starts per online appointment type and review summary',
    tags: ['directory'],
    access: { public: true },
    params: listingParams,
    handler: async (ctx, { params }, req) => readProfile(req.server.deps, ctx, params.id),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/directory/practitioners/:id/reviews',
    summary: 'Published reviews of a listing (from verified visits, without names)',
    tags: ['directory'],
    access: { public: true },
    params: listingParams,
    handler: async (_ctx, { params }, req) => readReviews(req.server.deps, params.id),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/directory/profiles',
    summary: "The clinic's practitioners and their directory listings (admin)",
    tags: ['directory'],
    access: { roles: ['admin'] },
    subject: 'none',
    handler: async (ctx, _input, req) => listProfiles(req.server.deps, ctx),
  }),
  defineRoute({
    method: 'PUT',
    url: '/api/v1/directory/profiles/:id',
    summary: "Write one of the clinic's practitioners' directory listing (admin; audited)",
    tags: ['directory'],
    access: { roles: ['admin'] },
    subject: { kind: practitionerSubject, param: 'id' },
    audit: { action: 'directory.profile.update', resourceType: 'Practitioner' },
    params: z.object({ id: z.uuid('Not a valid practitioner id') }),
    body: profileBody,
    example: EXAMPLE_PROFILE,
    handler: async (ctx, { body }) => saveProfile(ctx, body),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/appointments/:id/review',
    summary: 'Review a completed visit (its patient only, once); published without the name',
    tags: ['directory'],
    access: { roles: ['patient'] },
    subject: { kind: appointmentSubject, param: 'id' },
    audit: REVIEW_AUDIT,
    successStatus: 201,
    params: z.object({ id: z.uuid('Not a valid appointment id') }),
    body: reviewBody,
    example: { rating: 5, text: 'Explained everything and my back is much better.' },
    handler: async (ctx, { body }) => createReview(ctx, body),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/directory/reviews',
    summary: "The clinic's reviews, hidden ones included (admin moderation)",
    tags: ['directory'],
    access: { roles: ['admin'] },
    subject: 'clinic',
    audit: { action: 'review.list', resourceType: 'Review' },
    handler: async (ctx, _input, req) => listClinicReviews(req.server.deps, ctx),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/directory/reviews/:id/hide',
    summary: 'Hide a review from the public, with the reason (admin; audited)',
    tags: ['directory'],
    access: { roles: ['admin'] },
    subject: { kind: reviewSubject, param: 'id' },
    audit: HIDE_AUDIT,
    params: z.object({ id: z.uuid('Not a valid review id') }),
    body: hideReviewBody,
    example: { reason: 'Names another patient' },
    handler: async (ctx, { body }) => hideReview(ctx, body.reason),
  }),
];
