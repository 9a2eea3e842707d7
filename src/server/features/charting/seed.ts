import { DateTime } from 'luxon';
import { encounterChartSchema } from '../../../contracts/charting.ts';
import type { Db } from '../../db/connect.ts';
import type { AuthedContext } from '../../platform/context.ts';
import type { Work } from '../../platform/route.ts';
import { openSubject, patientSubject, type Opened } from '../../platform/subjects.ts';
import { auditedWork } from '../../platform/work.ts';
import { DEMO_VISITS } from './demo-visits.ts';
import { encounterSubject } from './subjects.ts';
import { createEncounter } from './use-cases/drafts.ts';
import { signEncounter } from './use-cases/sign.ts';

/**
 * Charts and signs the demo visits inside the seed's transaction (each unit of work nests as a
 * savepoint). `users` maps demo emails to their user rows. Each use case gets what a route would
 * give it: the subject opened through the platform, and an audited work writing the route's entry.
 */
export async function seedDemoVisits(
  db: Db,
  clinic: { id: string; timeZone: string },
  patientIds: string[],
  users: Map<string, { id: string; email: string; name: string }>,
  now: Date,
): Promise<number> {
  let count = 0;
  for (const v of DEMO_VISITS) {
    const user = users.get(v.by);
    const patientId = patientIds[v.patient];
    if (!user || !patientId) throw new Error(`Demo visit for patient ${v.patient} by ${v.by} has no match`);
    const [hour, minute] = v.time.split(':').map(Number);
    const at = DateTime.fromJSDate(now, { zone: clinic.timeZone })
      .minus({ days: v.daysAgo })
      .set({ hour, minute, second: 0, millisecond: 0 });
    const ctx = (minutesLater: number): AuthedContext => ({
      requestId: 'seed',
      user: {
        id: user.id,
        email: user.email,
        name: user.name,
        role: 'clinician',
        clinicId: clinic.id,
        patientId: null,
      },
      via: 'anonymous',
      ip: '127.0.0.1',
      userAgent: 'stillpoint seed',
      now: at.plus({ minutes: minutesLater }).toJSDate(),
    });
    const chart = encounterChartSchema.parse({ ...v.chart, occurredAt: at.toISO() });
    const author = ctx(25);
    const patient = await openSubject(db, author, patientSubject, patientId);
    const enc = await createEncounter(
      { db },
      { ...author, work: seedWork(db, author, 'encounter.create', patient), patient: patient.patient },
      chart,
    );
    const signer = ctx(40);
    const visit = await openSubject(db, signer, encounterSubject, enc.id);
    await signEncounter(
      { db },
      {
        ...signer,
        work: seedWork(db, signer, 'encounter.sign', visit),
        subject: visit,
        patient: visit.patient,
      },
    );
    count++;
  }
  return count;
}

/**
 * The seed's form of a route's audited work: the platform's unit of work, and in it the success
 * entry the route (`routes.ts`, resource type Encounter) would write for the opened subject.
 */
function seedWork(db: Db, ctx: AuthedContext, action: string, opened: Opened<unknown, true>): Work {
  return auditedWork({ db }, ctx, { action, resourceType: 'Encounter' }, opened);
}
