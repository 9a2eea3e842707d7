import { count, eq } from 'drizzle-orm';
import { availabilityRules, clinics, patients, practitioners, users } from '../db/schema.ts';
import { npiCheckDigit } from '../../domain/npi.ts';
import type { Deps } from '../platform/deps.ts';
import type { RequestContext } from '../platform/context.ts';
import { hashPassword } from '../platform/passwords.ts';
import { writeAudit } from '../platform/audit.ts';
import { insertPatient } from '../features/patients/store.ts';
import { DEMO_PATIENTS } from './demo-patients.ts';
import { seedDemoVisits } from '../features/charting/index.ts';
import { seedDemoOutcomes } from './demo-outcomes.ts';
import { seedDemoExercises } from './demo-exercises.ts';
import { seedSchedulingDemo } from './demo-scheduling.ts';
import { seedDirectoryDemo } from './demo-directory.ts';

export const DEMO_CLINIC_NAME = 'Stillpoint Demo Clinic';
export const DEMO_PASSWORD = 'stillpoint-demo';

export class SeedRefusedError extends Error {}

/**
 * Every demo patient gets an address at example.com (reserved for examples, never delivered), so
 * their confirmations and reminders go to the development mailbox instead of being skipped.
 */
export function demoEmail(givenName: string, familyName: string): string {
  const part = (s: string) =>
    s
      .normalize('NFKD')
      .replace(/[^A-Za-z]/g, '')
      .toLowerCase();
  return `${part(givenName)}.${part(familyName)}@example.com`;
}

/** True when the database holds no clinic yet (seeding never runs over existing data). */
export async function isEmpty(deps: Pick<Deps, 'db'>): Promise<boolean> {
  const [row] = await deps.db.select({ n: count() }).from(clinics);
  return Number(row?.n ?? 0) === 0;
}

const systemCtx = (now: Date): RequestContext => ({
  requestId: 'seed',
  user: null,
  via: 'anonymous',
  ip: '127.0.0.1',
  userAgent: 'stillpoint seed',
  now,
});

/**
 * The demo clinic of the API contract: four accounts (password `stillpoint-demo`), three
 * practitioners with weekly hours in the clinic's zone, twenty patients, and past signed visits
 * charted through the charting services. All in one transaction: a failed seed leaves nothing.
 */
export async function seedDemo(deps: Pick<Deps, 'db' | 'config'>, onProgress?: (msg: string) => void) {
  if (deps.config.nodeEnv === 'production') {
    throw new SeedRefusedError(
      'The demo clinic (with its public password) is not seeded when NODE_ENV=production.',
    );
  }
  if (!(await isEmpty(deps)))
    throw new SeedRefusedError(
      'The database already holds data; the demo is seeded only into an empty database.',
    );
  const now = deps.config.now();
  const ctx = systemCtx(now);
  const hash = await hashPassword(DEMO_PASSWORD);
  await deps.db.transaction(async (tx) => {
    const [clinic] = await tx
      .insert(clinics)
      .values({
        name: DEMO_CLINIC_NAME,
        timeZone: 'America/Chicago',
        address: { line: '800 W Jefferson St', city: 'Kirksville', state: 'MO', postalCode: '63501' },
        // 555-01xx numbers are reserved for fiction; example.com is never delivered.
        phone: '+1 660 555 0100',
        email: 'contact@example.com',
      })
      .returning();
    const clinicId = clinic!.id;
    onProgress?.('clinic created');
    const patientIds: string[] = [];
    for (const [i, p] of DEMO_PATIENTS.entries()) {
      const row = await insertPatient(
        tx,
        clinicId,
        {
          restricted: false,
          careTeam: [],
          conditions: [],
          flags: [],
          medications: [],
          allergies: [],
          ...p,
          email: p.email || demoEmail(p.givenName, p.familyName),
        },
        now,
      );
      patientIds.push(row.id);
      await writeAudit(tx, ctx, {
        clinicId,
        action: 'patient.create',
        resourceType: 'Patient',
        resourceId: row.id,
        patientId: row.id,
        outcome: 'success',
        details: { source: 'demo-seed' },
      });
      if ((i + 1) % 5 === 0) onProgress?.(`patients ${i + 1}/${DEMO_PATIENTS.length}`);
    }
    const account = (
      email: string,
      name: string,
      role: string,
      patientId: string | null = null,
      breakGlass = false,
    ) => ({
      clinicId,
      email,
      name,
      role,
      passwordHash: hash,
      patientId,
      breakGlass,
    });
    const created = await tx
      .insert(users)
      .values([
        account('admin@example.com', 'Alex Morgan', 'admin'),
        account('clinician@example.com', 'Dr. Sam Rivera, DO', 'clinician', null, true),
        account('frontdesk@example.com', 'Jordan Lee', 'frontdesk'),
        account('patient@example.com', 'Maria Alvarez', 'patient', patientIds[0]),
        account('dr.patel@example.com', 'Dr. Anika Patel, DO', 'clinician'),
        account('dr.oconnor@example.com', 'Dr. Liam O’Connor, DO', 'clinician'),
      ])
      .returning();
    for (const u of created) {
      await writeAudit(tx, ctx, {
        clinicId,
        action: 'user.create',
        resourceType: 'User',
        resourceId: u.id,
        patientId: u.patientId,
        outcome: 'success',
        details: { role: u.role, source: 'demo-seed' },
      });
    }
    const byEmail = (e: string) => created.find((u) => u.email === e)!.id;
    const docs = [
      {
        user: 'clinician@example.com',
        name: 'Dr. Sam Rivera, DO',
        certs: ['AOBNMM: Neuromusculoskeletal Medicine (NMM/OMM)'],
        langs: ['English', 'Spanish'],
        hours: [
          [1, '08:00', '12:00'],
          [1, '13:00', '17:00'],
          [2, '08:00', '12:00'],
          [3, '13:00', '18:00'],
          [4, '08:00', '12:00'],
          [4, '13:00', '17:00'],
        ],
      },
      {
        user: 'dr.patel@example.com',
        name: 'Dr. Anika Patel, DO',
        certs: ['AOBFP: Family Medicine', 'AOBNMM: Neuromusculoskeletal Medicine (NMM/OMM)'],
        langs: ['English', 'Hindi'],
        hours: [
          [2, '09:00', '17:00'],
          [3, '09:00', '17:00'],
          [5, '09:00', '15:00'],
        ],
      },
      {
        user: 'dr.oconnor@example.com',
        name: 'Dr. Liam O’Connor, DO',
        certs: ['AOBFP: Family Medicine'],
        langs: ['English'],
        hours: [
          [1, '12:00', '19:00'],
          [4, '12:00', '19:00'],
          [6, '09:00', '13:00'],
        ],
      },
    ] as const;
    for (const [i, d] of docs.entries()) {
      const [pr] = await tx
        .insert(practitioners)
        .values({
          clinicId,
          userId: byEmail(d.user),
          name: d.name,
          credentials: ['DO'],
          boardCertifications: [...d.certs],
          techniques: [
            'soft-tissue',
            'myofascial-release',
            'muscle-energy',
            'counterstrain',
            'hvla',
            'articulatory',
            'balanced-ligamentous-tension',
            'lymphatic',
          ],
          languages: [...d.langs],
          timeZone: 'America/Chicago',
          npi: demoNpi(i),
        })
        .returning();
      await tx.insert(availabilityRules).values(
        d.hours.map(([weekday, startTime, endTime]) => ({
          clinicId,
          practitionerId: pr!.id,
          weekday,
          startTime,
          endTime,
        })),
      );
    }
    // Restricted demo record: only Dr. Patel's care team sees it; others need emergency access.
    await tx
      .update(patients)
      .set({ careTeam: [byEmail('dr.patel@example.com')] })
      .where(eq(patients.id, patientIds[18]!));
    onProgress?.('accounts and practitioners created');
    // The charting services open their own transactions; inside this one they nest as savepoints.
    const visits = await seedDemoVisits(
      tx,
      { id: clinicId, timeZone: clinic!.timeZone },
      patientIds,
      new Map(created.map((u) => [u.email, u])),
      now,
    );
    onProgress?.(`${visits} past visits charted and signed`);
    const booked = await seedSchedulingDemo({ db: tx, config: deps.config }, clinicId, patientIds);
    onProgress?.(`appointment types and ${booked} upcoming appointments booked`);
    const stories = await seedDemoOutcomes(tx, clinicId, patientIds, byEmail('clinician@example.com'), now);
    onProgress?.(`${stories} outcome stories (scores and plans of care)`);
    const homework = await seedDemoExercises(
      tx,
      { id: clinicId, timeZone: clinic!.timeZone },
      patientIds,
      byEmail('clinician@example.com'),
      new Map(created.flatMap((u) => (u.patientId ? [[u.patientId, u.id] as [string, string]] : []))),
      now,
    );
    onProgress?.(`${homework.programs} home exercise programs, ${homework.sessions} sessions logged`);
    // Computed before the report: `onProgress?.(await …)` would skip the work without a callback.
    const listings = await seedDirectoryDemo(tx, clinicId, patientIds[0]!, now);
    onProgress?.(`directory: ${listings} registry listings`);
  });
}

/** A well-formed but made-up NPI for the i-th demo practitioner (1234567893 is CMS's worked example). */
export function demoNpi(i: number): string {
  const first9 = String(123456789 + i * 1111).padStart(9, '0');
  return `${first9}${npiCheckDigit(first9)}`;
}
