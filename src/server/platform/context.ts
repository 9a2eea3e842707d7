import type { Role } from '../../domain/roles.ts';

export { ROLES, STAFF_ROLES, type Role } from '../../domain/roles.ts';

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
