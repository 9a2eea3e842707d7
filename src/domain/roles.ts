/** Who a user is to the clinic; the platform decides access by it, the web app shows it. */
export const ROLES = ['admin', 'clinician', 'frontdesk', 'patient'] as const;
export type Role = (typeof ROLES)[number];
export const STAFF_ROLES: readonly Role[] = ['admin', 'clinician', 'frontdesk'];
