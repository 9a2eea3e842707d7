import type { Role, TokenScope } from '../../domain/roles.ts';

export { ROLES, STAFF_ROLES, TOKEN_SCOPES, type Role, type TokenScope } from '../../domain/roles.ts';

/** The credential a signed-in request came with: its kind and what it was made with. */
export interface Credential {
  kind: 'session' | 'token';
  /** The user's credentials generation it belongs to (`users.credentials_epoch`). */
  epoch: number;
  /** It has given a second factor (a session), or was made from a session that had (a token). */
  mfaVerified: boolean;
  /** A token's scopes; null for a session (a session may do what the role allows). */
  scopes: readonly TokenScope[] | null;
}

/**
 * Everything the services need to know about who is asking. Built once per request by the
 * authentication hook and passed to every service call: the single authorization point.
 */
export interface RequestContext {
  requestId: string;
  /** Null for anonymous (public routes). */
  user: {
    id: string;
    email: string;
    name: string;
    role: Role;
    clinicId: string;
    /** The linked patient record for the patient role. */
    patientId: string | null;
  } | null;
  /** How the caller authenticated. */
  via: 'session' | 'token' | 'anonymous';
  /** The session or token of a signed-in caller (absent for anonymous callers). */
  credential?: Credential;
  ip: string;
  userAgent: string;
  now: Date;
  /**
   * Success entries this request has written so far (set by the enforcement point; `writeAudit`
   * counts). A route that opens patient data and wrote none gets one from the platform.
   */
  trail?: { successes: number };
}

export type AuthedContext = RequestContext & { user: NonNullable<RequestContext['user']> };
