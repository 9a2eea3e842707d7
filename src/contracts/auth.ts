import { z } from 'zod';
import { ROLES, TOKEN_SCOPES } from '../domain/roles.ts';

/** Sign-in, the session, MFA and personal API tokens (bodies and answers). */

export const email = z.string().trim().min(3).max(254).email('Enter a valid email address');

/** A 6-digit code from the authenticator app. */
export const codeSchema = z.object({
  code: z
    .string()
    .trim()
    .regex(/^\d{6}$/, 'Enter the 6-digit code'),
});

/**
 * `POST /auth/login`. `code`, the authenticator's current code, is optional: with the right
 * password it gives both factors at once, and it is accepted while sign-in is paused (a 429 whose
 * problem says `codeAccepted`); a wrong code counts as a failed sign-in.
 */
export const loginBody = z.object({
  email,
  password: z.string().min(1, 'Enter your password').max(1024),
  code: codeSchema.shape.code.optional(),
});

/** `POST /auth/tokens`. */
export const tokenCreateBody = z.object({
  name: z.string().trim().min(1).max(100),
  expiresInDays: z.number().int().min(1).max(365).default(90),
  /** `read`: GET and HEAD only; `read-write`: whatever the owner's role allows. */
  scope: z.enum(TOKEN_SCOPES).default('read-write'),
});

// ---------------------------------------------------------------------------------------------
// Answers

export const loginUserResponse = z.object({
  id: z.uuid(),
  email: z.string(),
  name: z.string(),
  role: z.enum(ROLES),
  clinicId: z.uuid(),
  /** Patients only: their own record. */
  patientId: z.uuid().nullish(),
});
export type LoginUser = z.infer<typeof loginUserResponse>;

/** `POST /auth/login` and `POST /auth/mfa/verify`. */
export const loginResponse = z.object({
  user: loginUserResponse,
  /** The session waits for a code from the authenticator app. */
  mfaRequired: z.boolean().optional(),
  /** The account must first enrol an authenticator. */
  mfaSetupRequired: z.boolean().optional(),
});
export type LoginResponse = z.infer<typeof loginResponse>;

/** `GET /auth/me`: who is signed in, in which clinic, and the session's state. */
export const meResponse = z.object({
  user: loginUserResponse.extend({
    patientId: z.uuid().nullable(),
    /** Staff who see patients: their own practitioner record. */
    practitionerId: z.uuid().nullish(),
    mfaEnabled: z.boolean(),
    breakGlass: z.boolean(),
  }),
  clinic: z.object({ id: z.uuid(), name: z.string(), timeZone: z.string() }),
  session: z.object({
    via: z.enum(['session', 'token', 'anonymous']).optional(),
    expiresAt: z.string().nullish(),
    idleTimeoutMinutes: z.number().int(),
    /** The session still waits for its second factor (a code, or an enrolment first). */
    mfaRequired: z.boolean().optional(),
    mfaSetupRequired: z.boolean().optional(),
  }),
});
export type MeResponse = z.infer<typeof meResponse>;

/** `POST /auth/mfa/setup`: the secret to enrol, as text, URI and QR code. */
export const mfaSetupResponse = z.object({ secret: z.string(), otpauthUri: z.string(), qrSvg: z.string() });
export type MfaSetup = z.infer<typeof mfaSetupResponse>;

export const apiTokenResponse = z.object({
  id: z.uuid(),
  name: z.string(),
  scopes: z.array(z.enum(TOKEN_SCOPES)),
  createdAt: z.string(),
  expiresAt: z.string(),
  lastUsedAt: z.string().nullable(),
});
export type ApiToken = z.infer<typeof apiTokenResponse>;

/** `POST /auth/tokens`: the token itself, shown this once. */
export const createdApiTokenResponse = z.object({
  id: z.uuid(),
  token: z.string(),
  name: z.string(),
  scopes: z.array(z.enum(TOKEN_SCOPES)),
  expiresAt: z.string(),
});
export type CreatedApiToken = z.infer<typeof createdApiTokenResponse>;
