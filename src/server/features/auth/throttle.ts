import type { Db } from '../../db/connect.ts';
import { HttpError, problemType } from '../../platform/errors.ts';
import { count, readCounters, settle, type Counter } from '../../platform/ratelimit.ts';

/**
 * Sign-in throttling that cannot be used to lock a user out (checklist C3).
 *
 * - A pair of account (the email as typed, normalised) and client gets its first failures free,
 *   then waits longer after each one; a successful sign-in of the pair, or a day without failures,
 *   forgets them. The client is the browser when it carries this account's device cookie, its
 *   network address otherwise, so guesses from a shared office address do not slow the account's
 *   own browser down.
 * - Softer limits per account and per address stop only clients that are not known-good: the
 *   account's device cookie, a live session of the same user, an address the account signed in
 *   from lately, or the right password together with a code from the account's authenticator.
 *   Spreading guesses over many addresses, or flooding from the clinic's address, therefore slows
 *   strangers and never the account's own devices.
 */
export const LOGIN_THROTTLE = {
  /** Failures of a pair before any wait. */
  freeFailures: 5,
  /** The wait doubles from 1 s up to this, then is {@link LOGIN_THROTTLE.capSeconds}. */
  maxDoublingSeconds: 512,
  capSeconds: 15 * 60,
  /** A pair's failures are forgotten this long after the latest one. */
  pairMemoryMs: 24 * 3600_000,
  /** Soft limits: failures per account and per address in a fixed window. */
  windowMs: 15 * 60_000,
  account: 50,
  address: 100,
  /** An address the account signed in from stays known-good this long. */
  knownAddressMs: 30 * 86_400_000,
  /** … counted from its latest mark, which a sign-in renews at most this often. */
  knownAddressRefreshMs: 86_400_000,
  /** Authenticator codes tried per account and window (shared with the second sign-in step). */
  codes: 10,
} as const;

/** Seconds a pair waits after its `failures`-th failure: 0 (free), 1, 2, 4 … 512, then the cap. */
export function pairDelaySeconds(failures: number): number {
  const over = failures - LOGIN_THROTTLE.freeFailures;
  if (over <= 0) return 0;
  const doubling = 2 ** (over - 1);
  return doubling <= LOGIN_THROTTLE.maxDoublingSeconds ? doubling : LOGIN_THROTTLE.capSeconds;
}

export const mfaKey = (userId: string) => `mfa:${userId}`;

export interface LoginKeys {
  pair: string;
  account: string;
  address: string;
  knownAddress: string | null;
  codes: string | null;
}

export function loginKeys(
  email: string,
  ip: string,
  userId: string | null,
  deviceId: string | null,
): LoginKeys {
  return {
    pair: `login:pair:${email}|${deviceId ? `device:${deviceId}` : `ip:${ip}`}`,
    // Keyed by the email, known or not: otherwise the limit would tell which emails have accounts.
    account: `login:acct:${email}`,
    address: `login:ip:${ip}`,
    knownAddress: userId ? `login:good:${userId}|${ip}` : null,
    codes: userId ? mfaKey(userId) : null,
  };
}

export interface Gate {
  keys: LoginKeys;
  /** Failures of the pair so far (forgotten ones not counted). */
  pairFailures: number;
  /** Seconds the pair must still wait, or 0. */
  pairWait: number;
  /** Seconds until the soft window ends, when the account or address limit is reached; else 0. */
  softWait: number;
  knownAddress: boolean;
  /** When the address was last marked known-good for the account. */
  knownAddressMarked: Date | null;
  codesLeft: boolean;
}

const secondsUntil = (ms: number, now: Date) => Math.max(1, Math.ceil((ms - now.getTime()) / 1000));

/** Everything the sign-in needs to decide, in one statement. */
export async function readGate(db: Db, keys: LoginKeys, now: Date): Promise<Gate> {
  const all = [keys.pair, keys.account, keys.address, keys.knownAddress, keys.codes].filter(
    (k): k is string => k !== null,
  );
  const rows = await readCounters(db, all, now);
  const n = (k: string | null) => (k ? (rows.get(k)?.count ?? 0) : 0);
  const pair = rows.get(keys.pair);
  const pairFailures = pair?.count ?? 0;
  const delay = pairDelaySeconds(pairFailures);
  const pairEnds = pair ? pair.lastAt.getTime() + delay * 1000 : 0;
  const soft = n(keys.account) >= LOGIN_THROTTLE.account || n(keys.address) >= LOGIN_THROTTLE.address;
  const windowEnds = (Math.floor(now.getTime() / LOGIN_THROTTLE.windowMs) + 1) * LOGIN_THROTTLE.windowMs;
  return {
    keys,
    pairFailures,
    pairWait: delay > 0 && pairEnds > now.getTime() ? secondsUntil(pairEnds, now) : 0,
    softWait: soft ? secondsUntil(windowEnds, now) : 0,
    knownAddress: keys.knownAddress !== null && rows.has(keys.knownAddress),
    knownAddressMarked: (keys.knownAddress && rows.get(keys.knownAddress)?.lastAt) || null,
    codesLeft: n(keys.codes) < LOGIN_THROTTLE.codes,
  };
}

/** One failed sign-in, on every counter it touches, in one statement. */
export async function countFailure(db: Db, keys: LoginKeys, now: Date, codeRefused: boolean) {
  const counters: Counter[] = [
    { key: keys.pair, kind: 'streak', ms: LOGIN_THROTTLE.pairMemoryMs },
    { key: keys.account, kind: 'window', ms: LOGIN_THROTTLE.windowMs },
    { key: keys.address, kind: 'window', ms: LOGIN_THROTTLE.windowMs },
  ];
  if (codeRefused && keys.codes)
    counters.push({ key: keys.codes, kind: 'window', ms: LOGIN_THROTTLE.windowMs });
  await count(db, counters, now);
}

/**
 * A successful sign-in: the pair starts afresh and the address becomes known-good. Nothing is
 * written when there is nothing to forget and the address was marked within the day (most sign-ins).
 */
export async function countSuccess(db: Db, gate: Gate, now: Date) {
  const { keys } = gate;
  if (!keys.knownAddress) return;
  const fresh =
    gate.knownAddressMarked !== null &&
    now.getTime() - gate.knownAddressMarked.getTime() < LOGIN_THROTTLE.knownAddressRefreshMs;
  if (gate.pairFailures === 0 && fresh) return;
  await settle(
    db,
    [keys.pair],
    { key: keys.knownAddress, kind: 'streak', ms: LOGIN_THROTTLE.knownAddressMs },
    now,
  );
}

const at = (seconds: number, now: Date) => new Date(now.getTime() + seconds * 1000);
const clock = (d: Date) => `${d.toISOString().slice(11, 16)} UTC`;
function wait(seconds: number): string {
  if (seconds < 60) return `${seconds} second${seconds === 1 ? '' : 's'}`;
  const m = Math.ceil(seconds / 60);
  return `${m} minute${m === 1 ? '' : 's'}`;
}

/**
 * The 429 of a paused sign-in: when to try again, and that the authenticator's code (sent with the
 * password as `code`) is accepted meanwhile — `codeAccepted` tells the page to offer the field.
 */
export function tooManyFailures(reason: 'pair' | 'soft', seconds: number, now: Date): HttpError {
  const retryAt = at(seconds, now);
  const detail =
    reason === 'pair'
      ? `Too many failed sign-ins for this account from this device or network. Try again in ${wait(seconds)} (at ${clock(retryAt)}).`
      : `Too many failed sign-ins for this account or from this network, so sign-in from new devices is paused. Sign in from a device you have used before, or try again in ${wait(seconds)} (at ${clock(retryAt)}).`;
  return new HttpError(
    429,
    'Too many attempts',
    `${detail} If you have an authenticator app, enter its code with your password to sign in now.`,
    {
      type: problemType('rate-limited'),
      headers: { 'retry-after': String(seconds) },
      extra: { codeAccepted: true, retryAt: retryAt.toISOString() },
    },
  );
}
