import type { clinics, sessions, users } from '../db/schema.ts';

/** A session as the session lookup reads it: the session, its user and the user's clinic. */
export interface SessionRows {
  s: typeof sessions.$inferSelect;
  u: typeof users.$inferSelect;
  c: typeof clinics.$inferSelect;
}

/** How long a remembered session may be used as a guess (wall-clock), and how many are kept. */
const HINT_MS = 60_000;
const MAX_ENTRIES = 10_000;

/**
 * Sessions this process has read lately, by id: a guess of who the caller is, never a decision.
 * A route that uses a remembered session (an audited single-record read, `auditOnOpen`) sends the
 * session's expected state along with its read, and the database checks it in that same statement
 * (`opening.ts`): a session signed out, expired, idle too long, or whose user changed (credentials
 * generation, role, MFA, disabled) on any instance returns nothing and writes no entry, and the
 * request is served again from a fresh lookup. So nothing needs invalidating across instances;
 * entries are dropped here only to keep the map small and current.
 */
export class SessionHints {
  private readonly entries = new Map<string, { rows: SessionRows; at: number }>();

  get(id: string, wallNow = Date.now()): SessionRows | null {
    const e = this.entries.get(id);
    if (!e) return null;
    if (wallNow - e.at > HINT_MS) {
      this.entries.delete(id);
      return null;
    }
    return e.rows;
  }

  set(id: string, rows: SessionRows, wallNow = Date.now()): void {
    this.entries.delete(id);
    this.entries.set(id, { rows, at: wallNow });
    if (this.entries.size > MAX_ENTRIES) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
  }

  /** The session was seen now by the statement that checked it (its idle clock moved on). */
  seen(id: string, now: Date): void {
    const e = this.entries.get(id);
    if (e && e.rows.s.lastSeenAt < now) e.rows = { ...e.rows, s: { ...e.rows.s, lastSeenAt: now } };
  }

  delete(id: string): void {
    this.entries.delete(id);
  }

  /** Every remembered session of a user (their access ended on this instance). */
  deleteUser(userId: string): void {
    for (const [id, e] of this.entries) if (e.rows.u.id === userId) this.entries.delete(id);
  }

  get size(): number {
    return this.entries.size;
  }
}
