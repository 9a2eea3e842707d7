import { and, eq } from 'drizzle-orm';
import type { Db, Tx } from '../../db/connect.ts';
import { intakeConsents } from './tables.ts';

type Q = Db | Tx;
export type ConsentRow = typeof intakeConsents.$inferSelect;

const ofVersion = (clinicId: string, patientId: string, version: string) =>
  and(
    eq(intakeConsents.clinicId, clinicId),
    eq(intakeConsents.patientId, patientId),
    eq(intakeConsents.version, version),
  );

/** Whether the patient accepted this version of the intake consent. */
export async function hasConsent(
  q: Q,
  clinicId: string,
  patientId: string,
  version: string,
): Promise<boolean> {
  const rows = await q
    .select({ id: intakeConsents.id })
    .from(intakeConsents)
    .where(ofVersion(clinicId, patientId, version))
    .limit(1);
  return rows.length > 0;
}

/** The patient's acceptance of this version, if any. */
export async function findConsent(q: Q, clinicId: string, patientId: string, version: string) {
  const [row] = await q
    .select()
    .from(intakeConsents)
    .where(ofVersion(clinicId, patientId, version));
  return row ?? null;
}

/** Records an acceptance; null if this version was already accepted (the first acceptance stands). */
export async function insertConsent(tx: Tx, values: typeof intakeConsents.$inferInsert) {
  const inserted = await tx.insert(intakeConsents).values(values).onConflictDoNothing().returning();
  return inserted[0] ?? null;
}
