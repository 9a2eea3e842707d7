import type { Role } from '../../domain/roles.ts';

export interface NavItem {
  to: string;
  label: string;
  roles: readonly Role[];
}

const STAFF: readonly Role[] = ['admin', 'clinician', 'frontdesk'];
const EVERYONE: readonly Role[] = ['admin', 'clinician', 'frontdesk', 'patient'];

/** Role-aware navigation, in display order. The server enforces access; this only hides dead ends. */
export const NAV_ITEMS: readonly NavItem[] = [
  { to: '/app/patients', label: 'Patients', roles: STAFF },
  { to: '/app/schedule', label: 'Schedule', roles: STAFF },
  { to: '/app/waitlist', label: 'Waitlist', roles: STAFF },
  { to: '/app/messages', label: 'Messages', roles: ['admin', 'frontdesk'] },
  { to: '/app/signups', label: 'Sign-ups', roles: ['admin', 'frontdesk'] },
  { to: '/app/schedule/settings', label: 'Schedule settings', roles: STAFF },
  { to: '/app/evidence', label: 'Outcomes', roles: ['admin', 'clinician'] },
  { to: '/app/exercises', label: 'Exercise library', roles: ['admin', 'clinician'] },
  { to: '/app/me', label: 'My record', roles: ['patient'] },
  { to: '/app/me/progress', label: 'My progress', roles: ['patient'] },
  { to: '/app/book', label: 'Book a visit', roles: ['patient'] },
  { to: '/app/admin/audit', label: 'Audit log', roles: ['admin'] },
  { to: '/app/admin/users', label: 'Users', roles: ['admin'] },
  { to: '/app/admin/clinic', label: 'Clinic settings', roles: ['admin'] },
  { to: '/app/admin/instruments', label: 'Outcome instruments', roles: ['admin'] },
  { to: '/app/admin/directory', label: 'Directory listings', roles: ['admin'] },
  { to: '/app/account', label: 'My account', roles: EVERYONE },
];

export function navFor(role: Role): NavItem[] {
  return NAV_ITEMS.filter((item) => item.roles.includes(role));
}

export function homeFor(role: Role): string {
  return role === 'patient' ? '/app/me' : '/app/patients';
}
