import { z } from 'zod';

/** Shapes every feature's answers share: lists and RFC 9457 problem details. */

/** A list answer: `{ results: [...] }`. */
export interface Results<T> {
  results: T[];
}

export const fieldErrorResponse = z.object({ path: z.string(), message: z.string() });
export type ProblemFieldError = z.infer<typeof fieldErrorResponse>;

/** RFC 9457 problem details; extension members (e.g. `encounterId` on 409 `draft-exists`) pass. */
export const problemResponse = z.looseObject({
  type: z.string().optional(),
  title: z.string().optional(),
  status: z.number().int().optional(),
  detail: z.string().optional(),
  errors: z.array(fieldErrorResponse).optional(),
  /** On 403 `mfa-required`: true when the account must first enrol an authenticator. */
  mfaSetupRequired: z.boolean().optional(),
  /**
   * On 429 `rate-limited` from `POST /auth/login`: sign-in is paused for this client, and the
   * authenticator's code, sent with the password as `code`, signs in anyway.
   */
  codeAccepted: z.boolean().optional(),
  /** On 429 `rate-limited` from `POST /auth/login`: when the pause ends (ISO 8601). */
  retryAt: z.string().optional(),
});
export type Problem = z.infer<typeof problemResponse>;
