import type { Deps } from '../../platform/deps.ts';
import type { RequestContext } from '../../platform/context.ts';
import { forbidden, notFound } from '../../platform/errors.ts';
import { writeAudit } from '../../platform/audit.ts';
import { newToken, sha256 } from '../../platform/secrets.ts';
import { buildIcs } from './ics.ts';
import { practitionerOf, type PractitionerContext } from './schedule.ts';
import * as feeds from './calendar-feed-store.ts';

/** How far back and ahead a feed reaches. */
const PAST_DAYS = 30;
const AHEAD_DAYS = 180;

/** The opened practitioner, if the caller is that practitioner or an admin. */
function owned(ctx: PractitionerContext) {
  const p = practitionerOf(ctx);
  if (ctx.user.role !== 'admin' && p.userId !== ctx.user.id) {
    throw forbidden('Only the practitioner or an administrator manages this calendar feed.');
  }
  return p;
}

const feedPath = (token: string) => `/api/v1/calendar/${token}.ics`;

export async function feedStatus(deps: Deps, ctx: PractitionerContext) {
  const p = owned(ctx);
  const feed = await feeds.activeFeed(deps.db, p.id);
  return {
    practitionerId: p.id,
    active: !!feed,
    createdAt: feed?.createdAt.toISOString() ?? null,
    lastUsedAt: feed?.lastUsedAt?.toISOString() ?? null,
  };
}

/**
 * Creates the feed, or rotates it: the previous URL stops working at once. The token is shown
 * only in this answer; the database keeps its SHA-256. A first feed is audited as
 * `calendar-feed.create`, not as the route's `calendar-feed.rotate`: the entry is written here.
 */
export async function rotateFeed(deps: Deps, ctx: PractitionerContext) {
  const p = owned(ctx);
  return deps.db.transaction(async (tx) => {
    const revoked = await feeds.revokeFeeds(tx, p.id, ctx.now);
    const { token, hash } = newToken();
    await feeds.insertFeed(tx, {
      clinicId: p.clinicId,
      practitionerId: p.id,
      tokenHash: hash,
      createdAt: ctx.now,
      createdBy: ctx.user.id,
    });
    await writeAudit(tx, ctx, {
      action: revoked ? 'calendar-feed.rotate' : 'calendar-feed.create',
      resourceType: 'Practitioner',
      resourceId: p.id,
      outcome: 'success',
    });
    return {
      practitionerId: p.id,
      token,
      url: feedPath(token),
      createdAt: ctx.now.toISOString(),
      rotated: revoked > 0,
    };
  });
}

export async function revokeFeed(ctx: PractitionerContext) {
  const p = owned(ctx);
  await ctx.work(async (tx, entry) => {
    if (!(await feeds.revokeFeeds(tx, p.id, ctx.now))) throw notFound('calendar feed');
    entry.resourceId = p.id;
  });
}

const initials = (given: string, family: string) =>
  `${given.trim().charAt(0)}.${family.trim().charAt(0)}.`.toUpperCase();

/**
 * The public feed (authenticated by its token). Each visit shows as "OMT visit" with the patient's
 * initials: no names, types, notes or diagnoses, since calendar apps sync it to other devices.
 */
export async function renderFeed(deps: Deps, ctx: RequestContext, token: string): Promise<string> {
  return deps.db.transaction(async (tx) => {
    const feed = await feeds.feedByTokenHash(tx, sha256(token));
    if (!feed || !feed.p.active) throw notFound('calendar feed');
    const from = new Date(ctx.now.getTime() - PAST_DAYS * 86_400_000);
    const to = new Date(ctx.now.getTime() + AHEAD_DAYS * 86_400_000);
    const rows = await feeds.feedAppointments(tx, feed.p.id, from, to, 5000);
    await feeds.touchFeed(tx, feed.f.id, ctx.now);
    await writeAudit(tx, ctx, {
      clinicId: feed.p.clinicId,
      action: 'calendar-feed.read',
      resourceType: 'Practitioner',
      resourceId: feed.p.id,
      outcome: 'success',
      details: { appointmentCount: rows.length },
    });
    return buildIcs({
      method: 'PUBLISH',
      name: `${feed.p.name} – ${feed.clinicName}`,
      events: rows.map((r) => ({
        appointmentId: r.a.id,
        start: r.a.startsAt,
        end: r.a.endsAt,
        summary: `OMT visit ${initials(r.given, r.family)}${r.a.status === 'held' ? ' (held for waiting list)' : ''}`,
        location: feed.clinicName,
        sequence: 0,
        stamp: ctx.now,
        status: r.a.status === 'held' ? 'TENTATIVE' : 'CONFIRMED',
      })),
    });
  });
}
