import { z } from 'zod';
import { ref } from '../../../contracts/references.ts';
import { defineRoute, type RouteDef } from '../../platform/route.ts';
import { STAFF_ROLES, type Role } from '../../platform/context.ts';
import { MAX_PASSWORD_LENGTH } from '../../platform/passwords.ts';
import * as invitations from './invitations.ts';
import * as signups from './signups.ts';
import * as store from './store.ts';
import { SIGNUP_STATUSES } from './tables.ts';
import { patientSubject } from '../../platform/subjects.ts';
import { signupSubject } from './subjects.ts';

/** Who gives portal access and reviews sign-ups: the desk (admins and front desk), as for messages. */
const DESK: readonly Role[] = ['admin', 'frontdesk'];
const tags = ['onboarding'];
const patientParams = z.object({ id: z.uuid('Not a valid patient id') });
const signupParams = z.object({ id: z.uuid('Not a valid sign-up id') });
const token = z.string().trim().min(20, 'The link is incomplete').max(200);
const password = z.string().max(4 * MAX_PASSWORD_LENGTH);
const name = (what: string) =>
  z.string().trim().min(1, `Enter your ${what}`).max(100, `Use at most 100 characters`);

export const onboardingRoutes: RouteDef[] = [
  defineRoute({
    method: 'POST',
    url: '/api/v1/patients/:id/portal-invitation',
    summary:
      'Invite a patient to the portal: emails a single-use link (through the outbox) that replaces any open invitation',
    tags,
    access: { roles: DESK },
    params: patientParams,
    successStatus: 201,
    audit: { action: 'portal-invitation.send', resourceType: 'Patient' },
    // The matrix's own patient already has an account (409 by design); the clinic and
    // restricted-record rules are the platform's (openPatient), tested in onboarding.test.ts.
    subject: { kind: patientSubject, param: 'id' },
    handler: async (ctx, _input, req) => invitations.sendInvitation(req.server.deps, ctx),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/patients/:id/portal-access',
    summary: 'Whether a patient has portal access or an open invitation',
    tags,
    access: { roles: STAFF_ROLES },
    params: patientParams,
    audit: { action: 'portal-access.read', resourceType: 'Patient' },
    subject: { kind: patientSubject, param: 'id' },
    handler: async (ctx) => invitations.portalAccess(ctx),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/invitations/lookup',
    summary: 'What an invitation link is for (clinic, first name, email), before the password is chosen',
    tags,
    access: { public: true },
    subject: 'none',
    example: { token: 'an-invitation-token-from-the-email-link' },
    body: z.object({ token }),
    handler: async (ctx, { body }, req) => invitations.lookupInvitation(req.server.deps, ctx, body.token),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/invitations/accept',
    summary: 'Accept a portal invitation: choose a password; creates the account and signs in',
    tags,
    access: { public: true },
    subject: 'none',
    example: { token: 'an-invitation-token-from-the-email-link', password: 'a long and unusual sentence' },
    body: z.object({ token, password }),
    handler: async (ctx, { body }, req, reply) =>
      invitations.acceptInvitation(req.server.deps, req, reply, ctx, body),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/signup/clinics',
    summary: 'Clinics on this server that patients can sign up with (id and name)',
    tags,
    access: { public: true },
    subject: 'none',
    handler: async (_ctx, _i, req) => ({ results: await store.listClinics(req.server.deps.db) }),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/signup',
    summary:
      'Sign up as a patient of a clinic; always answers 202 and emails the address (a verification link, or a notice)',
    tags,
    access: { public: true },
    subject: 'none',
    successStatus: 202,
    example: {
      clinicId: '00000000-0000-4000-8000-000000000000',
      givenName: 'Maria',
      familyName: 'Lopez',
      birthDate: '1984-06-02',
      email: 'maria.lopez@example.org',
      password: 'a long and unusual sentence',
    },
    body: z.object({
      clinicId: z.uuid('Choose your clinic'),
      givenName: name('first name'),
      familyName: name('last name'),
      birthDate: z.iso.date('Enter your date of birth as YYYY-MM-DD'),
      email: z.string().trim().max(254).email('Enter a valid email address'),
      password,
    }),
    handler: async (ctx, { body }, req) => signups.startSignup(req.server.deps, ctx, body),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/signup/verify',
    summary:
      'Open the emailed verification link: links the account to the matching record (or a new one) and signs in, or queues it for staff',
    tags,
    access: { public: true },
    subject: 'none',
    example: { token: 'a-verification-token-from-the-email-link' },
    body: z.object({ token }),
    handler: async (ctx, { body }, req, reply) =>
      signups.verifySignup(req.server.deps, req, reply, ctx, body.token),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/signups',
    summary:
      'Self sign-ups of this clinic (default: those waiting for review), with the records they may match',
    tags,
    access: { roles: DESK },
    query: z.object({ status: z.enum(SIGNUP_STATUSES).default('review') }),
    audit: { action: 'signup.search', resourceType: 'SelfSignup' },
    subject: 'clinic',
    handler: async (ctx, { query }) => ({ results: await signups.listSignups(ctx, query.status) }),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/signups/:id/approve',
    summary: 'Approve a sign-up: link it to a record of the clinic, or create a new record (patientId null)',
    tags,
    access: { roles: DESK },
    params: signupParams,
    audit: { action: 'signup.approve', resourceType: 'SelfSignup' },
    subject: { kind: signupSubject, param: 'id' },
    example: { patientId: null },
    body: z
      .object({ patientId: ref('patient', 'Choose a record, or null for a new one').nullable() })
      .strict(),
    handler: async (ctx, { body }, req) => signups.approveSignup(req.server.deps, ctx, body.patientId),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/signups/:id/reject',
    summary: 'Reject a sign-up; the person is told by email to contact the clinic',
    tags,
    access: { roles: DESK },
    params: signupParams,
    audit: { action: 'signup.reject', resourceType: 'SelfSignup' },
    subject: { kind: signupSubject, param: 'id' },
    handler: async (ctx) => signups.rejectSignup(ctx),
  }),
];
