import type { Db, Tx } from '../../db/connect.ts';
import type { Deps } from '../../platform/deps.ts';
import type { AuthedContext } from '../../platform/context.ts';
import { conflict, forbidden, notFound } from '../../platform/errors.ts';
import type { OpenedContext, SignedInContext } from '../../platform/route.ts';
import { localDate } from '../../../domain/scheduling/index.ts';
import * as store from './store.ts';
import * as sched from './schedule-store.ts';

/**
 * Schedule management: weekly hours, date overrides, time off, clinic closures, appointment types
 * and the clinic's scheduling policy. Admin and front desk manage everyone; a clinician manages
 * only the practitioner record linked to their own account. Every change is audited: each is the
 * route's own entry, written by its unit of work (`ctx.work`).
 */

/** The context of a route that opened a practitioner (`ctx.subject.record`). */
export type PractitionerContext = OpenedContext<store.PractitionerRow, false>;
type TypeContext = OpenedContext<store.AppointmentTypeRow, false>;

/** The opened practitioner, while they practise here (a retired one is "not found", as before). */
export function practitionerOf(ctx: PractitionerContext): store.PractitionerRow {
  const p = ctx.subject.record;
  if (!p.active) throw notFound('practitioner');
  return p;
}

/** The opened practitioner, if the caller may change their schedule. */
export function managed(ctx: PractitionerContext): store.PractitionerRow {
  const p = practitionerOf(ctx);
  if (ctx.user.role === 'clinician' && p.userId !== ctx.user.id) {
    throw forbidden(
      'Clinicians change only their own schedule; ask the front desk or an administrator to change this one.',
    );
  }
  return p;
}

const timeOffView = (t: { id: string; startsAt: Date; endsAt: Date; reason: string | null }) => ({
  id: t.id,
  start: t.startsAt.toISOString(),
  end: t.endsAt.toISOString(),
  reason: t.reason,
});

async function scheduleView(q: Db | Tx, ctx: AuthedContext, p: store.PractitionerRow) {
  const rules = await sched.weeklyRules(q, p.id);
  const overrides = await sched.overridesFrom(q, p.id, localDate(ctx.now, p.timeZone));
  const off = await sched.timeOffAfter(q, ctx.user.clinicId, p.id, ctx.now);
  const closures = await sched.timeOffAfter(q, ctx.user.clinicId, null, ctx.now);
  return {
    practitionerId: p.id,
    name: p.name,
    timeZone: p.timeZone,
    editable: ctx.user.role !== 'clinician' || p.userId === ctx.user.id,
    weeklyHours: rules.map((r) => ({ id: r.id, weekday: r.weekday, start: r.startTime, end: r.endTime })),
    overrides: overrides.map((o) => ({ id: o.id, date: o.date, intervals: o.intervals, note: o.note })),
    timeOff: off.map(timeOffView),
    closures: closures.map(timeOffView),
  };
}

export async function getSchedule(deps: Deps, ctx: PractitionerContext) {
  const p = practitionerOf(ctx);
  return deps.db.transaction((tx) => scheduleView(tx, ctx, p));
}

export async function replaceWeeklyHours(
  ctx: PractitionerContext,
  input: { timeZone?: string; hours: { weekday: number; start: string; end: string }[] },
) {
  const p = managed(ctx);
  return ctx.work(async (tx, entry) => {
    const before = await sched.weeklyRules(tx, p.id);
    await sched.replaceWeeklyRules(tx, ctx.user.clinicId, p.id, input.hours);
    const zoneChanged = !!input.timeZone && input.timeZone !== p.timeZone;
    if (zoneChanged) await sched.setPractitionerZone(tx, p.id, input.timeZone!);
    entry.resourceId = p.id;
    entry.details = {
      before: before.map((r) => `${r.weekday} ${r.startTime}-${r.endTime}`),
      after: input.hours.map((h) => `${h.weekday} ${h.start}-${h.end}`),
      ...(zoneChanged ? { timeZone: [p.timeZone, input.timeZone] } : {}),
    };
    return scheduleView(tx, ctx, zoneChanged ? { ...p, timeZone: input.timeZone! } : p);
  });
}

export async function putOverride(
  ctx: PractitionerContext,
  input: { date: string; intervals: { start: string; end: string }[]; note?: string | null },
) {
  const p = managed(ctx);
  return ctx.work(async (tx, entry) => {
    const { row, replaced } = await sched.putOverride(tx, ctx.user.clinicId, p.id, {
      date: input.date,
      intervals: input.intervals,
      note: input.note ?? null,
    });
    entry.resourceId = p.id;
    entry.details = {
      overrideId: row.id,
      date: row.date,
      intervals: row.intervals.map((i) => `${i.start}-${i.end}`),
      replaced,
    };
    return { id: row.id, date: row.date, intervals: row.intervals, note: row.note, replaced: replaced > 0 };
  });
}

export async function removeOverride(ctx: PractitionerContext, id: string) {
  const p = managed(ctx);
  await ctx.work(async (tx, entry) => {
    const row = await sched.deleteOverride(tx, ctx.user.clinicId, p.id, id);
    if (!row) throw notFound('override');
    entry.resourceId = p.id;
    entry.details = { overrideId: id, date: row.date };
  });
}

/**
 * Time off of a practitioner (`p`), or a clinic closure (`p` null: the route opened no record, the
 * entry names the clinic).
 */
export async function addTimeOff(
  ctx: SignedInContext,
  p: store.PractitionerRow | null,
  input: { start: string; end: string; reason?: string | null },
) {
  return ctx.work(async (tx, entry) => {
    const start = new Date(input.start);
    const end = new Date(input.end);
    const row = await sched.insertTimeOff(tx, {
      clinicId: ctx.user.clinicId,
      practitionerId: p?.id ?? null,
      start,
      end,
      reason: input.reason ?? null,
    });
    const affected = await sched.countActiveIn(tx, ctx.user.clinicId, p?.id ?? null, start, end);
    entry.resourceId = p?.id ?? ctx.user.clinicId;
    entry.details = { timeOffId: row.id, start: input.start, end: input.end, affectedAppointments: affected };
    // Existing appointments are not cancelled silently: the answer says how many need a call.
    return { ...timeOffView(row), practitionerId: p?.id ?? null, affectedAppointments: affected };
  });
}

/** Removes time off of a practitioner (`p`), or a clinic closure (`p` null). */
export async function removeTimeOff(ctx: SignedInContext, p: store.PractitionerRow | null, id: string) {
  await ctx.work(async (tx, entry) => {
    const row = await sched.deleteTimeOff(tx, ctx.user.clinicId, p?.id ?? null, id);
    if (!row) throw notFound(p ? 'time off' : 'closure');
    entry.resourceId = p?.id ?? ctx.user.clinicId;
    entry.details = { timeOffId: id };
  });
}

export async function listClosures(deps: Deps, ctx: AuthedContext) {
  const rows = await sched.timeOffAfter(deps.db, ctx.user.clinicId, null, ctx.now);
  return rows.map(timeOffView);
}

// Appointment types ------------------------------------------------------------------------------

export function typeView(t: store.AppointmentTypeRow) {
  return {
    id: t.code,
    name: t.name,
    description: t.description,
    durationMinutes: t.durationMinutes,
    bufferBeforeMinutes: t.bufferBeforeMinutes,
    bufferAfterMinutes: t.bufferAfterMinutes,
    slotIntervalMinutes: t.slotIntervalMinutes,
    minNoticeMinutes: t.minNoticeMinutes,
    horizonDays: t.horizonDays,
    bookableOnline: t.bookableOnline,
    newPatientOnly: t.newPatientOnly,
    selfPayPrice: t.selfPayPriceCents == null ? null : { amount: t.selfPayPriceCents / 100, currency: 'USD' },
    active: t.active,
    clinicId: t.clinicId,
  };
}

export interface TypeInput {
  code: string;
  name: string;
  description?: string | null;
  durationMinutes: number;
  bufferBeforeMinutes?: number;
  bufferAfterMinutes?: number;
  slotIntervalMinutes?: number;
  minNoticeMinutes?: number;
  horizonDays?: number;
  bookableOnline?: boolean;
  newPatientOnly?: boolean;
  selfPayPrice?: number | null;
}

const cents = (amount: number | null | undefined) =>
  amount === undefined ? undefined : amount === null ? null : Math.round(amount * 100);

export async function createType(ctx: SignedInContext, input: TypeInput) {
  return ctx.work(async (tx, entry) => {
    const { selfPayPrice, ...rest } = input;
    const row = await sched.insertType(tx, {
      clinicId: ctx.user.clinicId,
      ...rest,
      selfPayPriceCents: cents(selfPayPrice) ?? null,
    });
    if (!row) {
      throw conflict(
        `An appointment type with the id “${input.code}” already exists; choose another id or edit that one.`,
        'duplicate',
      );
    }
    entry.resourceId = row.id;
    entry.details = { code: row.code };
    return typeView(row);
  });
}

/** Changes the opened appointment type (by its code). */
export async function updateType(
  ctx: TypeContext,
  patch: Partial<Omit<TypeInput, 'code'>> & { active?: boolean },
) {
  const t = ctx.subject.record;
  return ctx.work(async (tx, entry) => {
    const { selfPayPrice, ...rest } = patch;
    const price = cents(selfPayPrice);
    const row = await sched.updateType(tx, t.id, {
      ...rest,
      ...(price !== undefined ? { selfPayPriceCents: price } : {}),
    });
    entry.resourceId = t.id;
    entry.details = { code: t.code, changed: Object.keys(patch) };
    return typeView(row);
  });
}

/** Types are retired, not deleted: past and upcoming appointments keep pointing at them. */
export async function deactivateType(ctx: TypeContext) {
  const t = ctx.subject.record;
  return ctx.work(async (tx, entry) => {
    const row = await sched.updateType(tx, t.id, { active: false });
    entry.resourceId = t.id;
    entry.details = { code: t.code };
    return typeView(row);
  });
}

// Clinic policy ------------------------------------------------------------------------------------

export function settingsView(s: Omit<store.SettingsRow, 'clinicId'>) {
  return {
    lateCancelHours: s.lateCancelHours,
    maxFutureBookingsPerPatient: s.maxFutureBookingsPerPatient,
    waitlistHoldMinutes: s.waitlistHoldMinutes,
    reminderLeadMinutes: [...s.reminderLeadMinutes].sort((a, b) => b - a),
  };
}

export async function getSettings(deps: Deps, ctx: AuthedContext) {
  return settingsView(await store.settingsOf(deps.db, ctx.user.clinicId));
}

export async function updateSettings(
  ctx: SignedInContext,
  patch: Partial<Omit<store.SettingsRow, 'clinicId'>>,
) {
  return ctx.work(async (tx, entry) => {
    const current = await store.settingsOf(tx, ctx.user.clinicId);
    const { clinicId: _clinic, ...values } = { ...current, ...patch };
    const row = await sched.upsertSettings(tx, ctx.user.clinicId, values);
    entry.resourceId = ctx.user.clinicId;
    entry.details = { changed: Object.keys(patch) };
    return settingsView(row);
  });
}
