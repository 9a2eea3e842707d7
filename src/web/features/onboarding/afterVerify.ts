import { safeNextPath } from '../../lib/format';

/**
 * Where a new patient goes once their email is confirmed: the booking they started from the
 * directory (`/signup?next=/app/book?...`). Kept in this browser only, for the link opened here;
 * a link opened elsewhere lands on the app's start page as before.
 */
const KEY = 'stillpoint.afterVerify';

export function rememberAfterVerify(next: string | null): void {
  try {
    if (next) window.localStorage.setItem(KEY, next);
    else window.localStorage.removeItem(KEY);
  } catch {
    // Storage refused (private mode): the patient lands on the start page instead.
  }
}

export function takeAfterVerify(): string | null {
  try {
    const next = safeNextPath(window.localStorage.getItem(KEY));
    window.localStorage.removeItem(KEY);
    return next;
  } catch {
    return null;
  }
}
