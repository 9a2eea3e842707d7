import { randomUUID, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Deps } from './deps.ts';
import { isSecure } from './session.ts';

/**
 * The device cookie: a browser that signed in to an account before carries it, signed by the
 * server, so sign-in can tell the account's own browser from a stranger's (sign-in throttling lets
 * it through limits that stop strangers). It proves nothing but a past sign-in: it never signs
 * anybody in by itself.
 */
export const DEVICE_COOKIE = 'sp_device';
/** Only the sign-in routes read it. */
const DEVICE_PATH = '/api/v1/auth';
const MAX_AGE_MS = 365 * 86_400_000;
/** A shared front-desk computer remembers its most recent accounts. */
const MAX_ACCOUNTS = 8;
const PURPOSE = 'device-cookie';

export interface Device {
  id: string;
  /** Accounts that signed in on this browser, most recent first. */
  userIds: string[];
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The request's device cookie, when it is ours, intact and not too old. */
export function readDevice(deps: Deps, req: FastifyRequest, now: Date): Device | null {
  const raw = req.cookies[DEVICE_COOKIE];
  if (!raw) return null;
  const parts = raw.split('.');
  if (parts.length !== 5 || parts[0] !== 'v1') return null;
  const [, id, issued, users, mac] = parts as [string, string, string, string, string];
  const expected = Buffer.from(deps.secrets.mac(PURPOSE, parts.slice(0, 4).join('.')));
  const given = Buffer.from(mac);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  const issuedAt = Number(issued) * 1000;
  if (!Number.isFinite(issuedAt) || now.getTime() - issuedAt > MAX_AGE_MS) return null;
  const userIds = users.split('~');
  if (!UUID.test(id) || !userIds.every((u) => UUID.test(u))) return null;
  return { id, userIds };
}

/** After a successful sign-in: this browser now vouches for `userId` too (a new id if it had none). */
export function rememberDevice(
  deps: Deps,
  req: FastifyRequest,
  reply: FastifyReply,
  userId: string,
  now: Date,
): void {
  const known = readDevice(deps, req, now);
  const id = known?.id ?? randomUUID();
  const userIds = [userId, ...(known?.userIds ?? []).filter((u) => u !== userId)].slice(0, MAX_ACCOUNTS);
  const body = ['v1', id, String(Math.floor(now.getTime() / 1000)), userIds.join('~')].join('.');
  void reply.setCookie(DEVICE_COOKIE, `${body}.${deps.secrets.mac(PURPOSE, body)}`, {
    httpOnly: true,
    sameSite: 'strict',
    secure: isSecure(deps, req),
    path: DEVICE_PATH,
    maxAge: Math.floor(MAX_AGE_MS / 1000),
  });
}
