import type { Tx } from '../../db/connect.ts';
import type { Deps } from '../../platform/deps.ts';
import type { AuthedContext, RequestContext } from '../../platform/context.ts';
import { conflict, forbidden, notFound } from '../../platform/errors.ts';
import { writeAudit } from '../../platform/audit.ts';
import { localDate } from '../../../domain/scheduling/index.ts';
import * as store from './store.ts';
import * as sched from './schedule-store.ts';

/**
 * Schedule management: weekly hours, date overrides, time off, clinic closures, appointment types
 * and the clinic's scheduling policy. Admin and front desk manage everyone; a clinician manages
 * only the practitioner record linked to their own account. Every change is audited.
 */

async function managed(tx: Tx, ctx: AuthedContext, practitionerId: string) {
  const p = await store.findPractitioner(tx, practitionerId, ctx.user.clinicId);
  if (!p) throw notFound('practitioner');
  if (ctx.user.role === 'clinician' && p.userId !== ctx.user.id) {
    throw forbidden(
      'Clinicians change only their own schedule; ask the front desk or an administrator to change this one.',
    );
  }
  return p;
}

const audit = (
  tx: Tx,
  ctx: AuthedContext,
  action: string,
  resourceType: string,
  resourceId: string | null,
  details?: Record<string, unknown>,
) => writeAudit(tx, ctx, { action, resourceType, resourceId, outcome: 'success', details: details ?? null });

const timeOffView = (t: { id: string; startsAt: Date; endsAt: Date; reason: string | null }) => ({
  id: t.id,
  start: t.startsAt.toISOString(),
  end: t.endsAt.toISOString(),
  reason: t.reason,
});

export async function getSchedule(deps: Deps, rctx: RequestContext, practitionerId: string) {
  const ctx = rctx as AuthedContext;
  return deps.db.transaction(async (tx) => {
    const p = await store.findPractitioner(tx, practitionerId, ctx.user.clinicId);
    if (!p) throw notFound('practitioner');
    const rules = await sched.weeklyRules(tx, p.id);
    const overrides = await sched.overridesFrom(tx, p.id, localDate(ctx.now, p.timeZone));
    const off = await sched.timeOffAfter(tx, ctx.user.clinicId, p.id, ctx.now);
    const closures = await sched.timeOffAfter(tx, ctx.user.clinicId, null, ctx.now);
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
  });
}

export async function replaceWeeklyHours(
  deps: Deps,
  rctx: RequestContext,
  practitionerId: string,
  input: { timeZone?: string; hours: { weekday: number; start: string; end: string }[] },
) {
  const ctx = rctx as AuthedContext;
  await deps.db.transaction(async (tx) => {
    const p = await managed(tx, ctx, practitionerId);
    const before = await sched.weeklyRules(tx, p.id);
    await sched.replaceWeeklyRules(tx, ctx.user.clinicId, p.id, input.hours);
    if (input.timeZone && input.timeZone !== p.timeZone)
      await sched.setPractitionerZone(tx, p.id, input.timeZone);
    await audit(tx, ctx, 'schedule.hours.replace', 'Practitioner', p.id, {
      before: before.map((r) => `${r.weekday} ${r.startTime}-${r.endTime}`),
      after: input.hours.map((h) => `${h.weekday} ${h.start}-${h.end}`),
      ...(input.timeZone && input.timeZone !== p.timeZone ? { timeZone: [p.timeZone, input.timeZone] } : {}),
    });
  });
  return getSchedule(deps, ctx, practitionerId);
}

export async function putOverride(
  deps: Deps,
  rctx: RequestContext,
  practitionerId: string,
  input: { date: string; intervals: { start: string; end: string }[]; note?: string | null },
) {
  const ctx = rctx as AuthedContext;
  return deps.db.transaction(async (tx) => {
    const p = await managed(tx, ctx, practitionerId);
    const { row, replaced } = await sched.putOverride(tx, ctx.user.clinicId, p.id, {
      date: input.date,
      intervals: input.intervals,
      note: input.note ?? null,
    });
    await audit(tx, ctx, 'schedule.override.put', 'Practitioner', p.id, {
      overrideId: row.id,
      date: row.date,
      intervals: row.intervals.map((i) => `${i.start}-${i.end}`),
      replaced,
    });
    return { id: row.id, date: row.date, intervals: row.intervals, note: row.note, replaced: replaced > 0 };
  });
}

export async function removeOverride(deps: Deps, rctx: RequestContext, practitionerId: string, id: string) {
  const ctx = rctx as AuthedContext;
  await deps.db.transaction(async (tx) => {
    const p = await managed(tx, ctx, practitionerId);
    const row = await sched.deleteOverride(tx, ctx.user.clinicId, p.id, id);
    if (!row) throw notFound('override');
    await audit(tx, ctx, 'schedule.override.delete', 'Practitioner', p.id, {
      overrideId: id,
      date: row.date,
    });
  });
}

export async function addTimeOff(
  deps: Deps,
  rctx: RequestContext,
  practitionerId: string | null,
  input: { start: string; end: string; reason?: string | null },
) {
  const ctx = rctx as AuthedContext;
  return deps.db.transaction(async (tx) => {
    const p = practitionerId ? await managed(tx, ctx, practitionerId) : null;
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
    await audit(
      tx,
      ctx,
      p ? 'schedule.time-off.add' : 'clinic.closure.add',
      p ? 'Practitioner' : 'Clinic',
      p?.id ?? ctx.user.clinicId,
      { timeOffId: row.id, start: input.start, end: input.end, affectedAppointments: affected },
    );
    // Existing appointments are not cancelled silently: the answer says how many need a call.
    return { ...timeOffView(row), practitionerId: p?.id ?? null, affectedAppointments: affected };
  });
}

export async function removeTimeOff(
  deps: Deps,
  rctx: RequestContext,
  practitionerId: string | null,
  id: string,
) {
  const ctx = rctx as AuthedContext;
  await deps.db.transaction(async (tx) => {
    const p = practitionerId ? await managed(tx, ctx, practitionerId) : null;
    const row = await sched.deleteTimeOff(tx, ctx.user.clinicId, p?.id ?? null, id);
    if (!row) throw notFound(p ? 'time off' : 'closure');
    await audit(
      tx,
      ctx,
      p ? 'schedule.time-off.delete' : 'clinic.closure.delete',
      p ? 'Practitioner' : 'Clinic',
      p?.id ?? ctx.user.clinicId,
      { timeOffId: id },
    );
  });
}

export async function listClosures(deps: Deps, rctx: RequestContext) {
  const ctx = rctx as AuthedContext;
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

export async function createType(deps: Deps, rctx: RequestContext, input: TypeInput) {
  const ctx = rctx as AuthedContext;
  return deps.db.transaction(async (tx) => {
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
    await audit(tx, ctx, 'appointment-type.create', 'AppointmentType', row.id, { code: row.code });
    return typeView(row);
  });
}

export async function updateType(
  deps: Deps,
  rctx: RequestContext,
  code: string,
  patch: Partial<Omit<TypeInput, 'code'>> & { active?: boolean },
) {
  const ctx = rctx as AuthedContext;
  return deps.db.transaction(async (tx) => {
    const t = await sched.typeByCode(tx, ctx.user.clinicId, code);
    if (!t) throw notFound('appointment type');
    const { selfPayPrice, ...rest } = patch;
    const price = cents(selfPayPrice);
    const row = await sched.updateType(tx, t.id, {
      ...rest,
      ...(price !== undefined ? { selfPayPriceCents: price } : {}),
    });
    await audit(tx, ctx, 'appointment-type.update', 'AppointmentType', t.id, {
      code,
      changed: Object.keys(patch),
    });
    return typeView(row);
  });
}

/** Types are retired, not deleted: past and upcoming appointments keep pointing at them. */
export async function deactivateType(deps: Deps, rctx: RequestContext, code: string) {
  const ctx = rctx as AuthedContext;
  return deps.db.transaction(async (tx) => {
    const t = await sched.typeByCode(tx, ctx.user.clinicId, code);
    if (!t) throw notFound('appointment type');
    const row = await sched.updateType(tx, t.id, { active: false });
    await audit(tx, ctx, 'appointment-type.deactivate', 'AppointmentType', t.id, { code });
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

export async function getSettings(deps: Deps, rctx: RequestContext) {
  const ctx = rctx as AuthedContext;
  return settingsView(await store.settingsOf(deps.db, ctx.user.clinicId));
}

export async function updateSettings(
  deps: Deps,
  rctx: RequestContext,
  patch: Partial<Omit<store.SettingsRow, 'clinicId'>>,
) {
  const ctx = rctx as AuthedContext;
  return deps.db.transaction(async (tx) => {
    const current = await store.settingsOf(tx, ctx.user.clinicId);
    const { clinicId: _clinic, ...values } = { ...current, ...patch };
    const row = await sched.upsertSettings(tx, ctx.user.clinicId, values);
    await audit(tx, ctx, 'scheduling.settings.update', 'Clinic', ctx.user.clinicId, {
      changed: Object.keys(patch),
    });
    return settingsView(row);
  });
}
