/** Who a user is to the clinic; the platform decides access by it, the web app shows it. */
export const ROLES = ['admin', 'clinician', 'frontdesk', 'patient'] as const;
export type Role = (typeof ROLES)[number];
export const STAFF_ROLES: readonly Role[] = ['admin', 'clinician', 'frontdesk'];

/**
 * What a personal API token may do. `read` allows only GET and HEAD; `read-write` allows what its
 * owner's role allows. (FHIR scopes join this list later; the database check lists the same values.)
 */
export const TOKEN_SCOPES = ['read', 'read-write'] as const;
export type TokenScope = (typeof TOKEN_SCOPES)[number];

/** True when a token holding `scopes` may make a request with this HTTP method. */
export function scopesAllow(scopes: readonly string[], method: string): boolean {
  if (scopes.includes('read-write')) return true;
  return scopes.includes('read') && (method === 'GET' || method === 'HEAD');
}
