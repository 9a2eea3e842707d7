import type { EncounterChart } from '../../../../domain/omt/index.ts';
import { encounterChartSchema } from '../../../../contracts/charting.ts';
import type { Tx } from '../../../db/connect.ts';
import { writeAudit } from '../../../platform/audit.ts';
import { conflict } from '../../../platform/errors.ts';
import { unitOfWork } from '../../../platform/unit.ts';
import { hasIntakeConsent, INTAKE_CONSENT_VERSION, type AppointmentRow } from '../../scheduling/index.ts';
import * as store from '../store.ts';
import { chartFromRows, visitDate } from '../view.ts';
import { loadScope, type ChartDeps, type PatientContext } from './context.ts';
import { carriedConsent, carriedFindings } from './copy-forward.ts';
import { childRows, encounterFields, summaryDetails } from './persistence.ts';
import { evaluateSafety, accessFields } from './safety-gate.ts';
import { buildView } from './visit-view.ts';

/** "Start note" on an appointment the route opened (the appointment row, and its patient). */
export type AppointmentContext = PatientContext & { subject: { id: string; record: AppointmentRow } };

const NOT_A_VISIT = new Set(['held', 'cancelled', 'released', 'no-show']);

/**
 * "Start note" on an appointment: the visit that documents it, opened or created. An open draft of the
 * same patient, practitioner and day is linked rather than duplicated. A new draft starts from the
 * booking (reason for the visit, pain score, the intake consent) and the last signed visit's findings.
 *
 * Its entry is the visit's read, link or creation, whichever it was: the action depends on what the
 * work found, so it runs as a plain unit of work and writes that one entry itself.
 */
export async function startAppointmentVisit(deps: ChartDeps, ctx: AppointmentContext) {
  const a = ctx.subject.record;
  return unitOfWork(deps, async (tx) => {
    await store.lockPatientDrafts(tx, a.patientId);
    const linked = await store.encounterOfAppointment(tx, ctx.user.clinicId, a.id);
    const scope = await loadScope(tx, ctx, linked?.practitionerId ?? a.practitionerId);
    const audit = (action: string, resourceId: string, details: Record<string, unknown>) =>
      writeAudit(tx, ctx, {
        action,
        resourceType: 'Encounter',
        resourceId,
        ...accessFields(ctx),
        outcome: 'success',
        details: { appointmentId: a.id, ...details },
      });
    if (linked) {
      await audit('encounter.read', linked.id, { via: 'appointment' });
      return { created: false, ...(await buildView(tx, ctx, linked, scope)) };
    }
    if (NOT_A_VISIT.has(a.status))
      throw conflict(
        `This appointment is ${a.status}: there is no visit to document. Start a visit from the patient’s record instead.`,
        'appointment-not-active',
      );
    const day = visitDate(a.startsAt, scope.timeZone);
    const drafts = await store.openDrafts(tx, ctx.user.clinicId, a.patientId, a.practitionerId, ctx.user.id);
    const sameDay = drafts.find((d) => !d.appointmentId && visitDate(d.occurredAt, scope.timeZone) === day);
    if (sameDay) {
      const row = await store.linkAppointment(tx, ctx.user.clinicId, sameDay.id, a.id);
      if (!row) throw conflict('The draft changed meanwhile; try again.');
      await audit('encounter.update', row.id, { linked: true });
      return { created: false, ...(await buildView(tx, ctx, row, scope)) };
    }
    const chart = await chartFromBooking(tx, ctx, a, scope.timeZone);
    const safety = evaluateSafety(scope, chart.chart, a.startsAt);
    const enc = await store.insertEncounter(tx, {
      ...encounterFields(chart.chart, ctx.now, a.practitionerId, safety.policy),
      occurredAt: a.startsAt,
      appointmentId: a.id,
      clinicId: ctx.user.clinicId,
      patientId: a.patientId,
      createdBy: ctx.user.id,
      createdAt: ctx.now,
    });
    await store.insertChildren(tx, ctx.user.clinicId, enc.id, childRows(chart.chart, safety));
    await audit('encounter.create', enc.id, { ...summaryDetails(chart.chart), copiedFrom: chart.copiedFrom });
    return {
      created: true,
      ...(await buildView(tx, ctx, enc, scope, { chart: chart.chart, safety })),
    };
  });
}

/** The first chart of an appointment's visit: the booking's answers and the last signed findings. */
async function chartFromBooking(
  tx: Tx,
  ctx: PatientContext,
  a: AppointmentRow,
  timeZone: string,
): Promise<{ chart: EncounterChart; copiedFrom: string | null }> {
  const last = await store.latestSignedEncounter(tx, ctx.user.clinicId, a.patientId);
  const prior = last ? chartFromRows(last, await store.loadChildren(tx, ctx.user.clinicId, [last.id])) : null;
  const consented = await hasIntakeConsent(tx, ctx.user.clinicId, a.patientId);
  const chart = encounterChartSchema.parse({
    chiefComplaint: a.reason ?? '',
    painBefore: a.painScore ?? null,
    consent: consented
      ? {
          omt: 'given',
          hvla: 'not-asked',
          note: `Intake consent to evaluation and OMT on file (${INTAKE_CONSENT_VERSION}); confirm with the patient.`,
        }
      : last && prior
        ? carriedConsent(prior.consent, visitDate(last.occurredAt, timeZone))
        : {},
    ...carriedFindings(prior ?? { exam: [], rom: [] }),
  });
  return { chart, copiedFrom: last?.id ?? null };
}
