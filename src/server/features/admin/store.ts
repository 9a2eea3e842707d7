import { and, desc, eq, gt, sql } from 'drizzle-orm';
import type { Db, Tx } from '../../db/connect.ts';
import { breakGlassGrants, clinics, patients, practitioners, users } from '../../db/schema.ts';

type Q = Db | Tx;
export type UserRow = typeof users.$inferSelect;
export type ClinicRow = typeof clinics.$inferSelect;
export type PractitionerOfUser = { id: string; npi: string | null } | null;

export async function findClinic(q: Q, clinicId: string): Promise<ClinicRow | null> {
  const [c] = await q.select().from(clinics).where(eq(clinics.id, clinicId));
  return c ?? null;
}

/** Public list of the clinics on this server, oldest first. */
export async function listClinics(q: Q, limit: number) {
  return q.select().from(clinics).orderBy(clinics.createdAt).limit(limit);
}

export async function updateClinic(tx: Tx, clinicId: string, changes: Partial<typeof clinics.$inferInsert>) {
  const [c] = await tx.update(clinics).set(changes).where(eq(clinics.id, clinicId)).returning();
  return c!;
}

/** Emails are unique across the server regardless of case. */
export async function userIdByEmail(q: Q, email: string): Promise<string | null> {
  const [row] = await q
    .select({ id: users.id })
    .from(users)
    .where(sql`lower(${users.email}) = ${email.toLowerCase()}`);
  return row?.id ?? null;
}

export async function userIdOfPatient(q: Q, patientId: string): Promise<string | null> {
  const [row] = await q.select({ id: users.id }).from(users).where(eq(users.patientId, patientId));
  return row?.id ?? null;
}

export async function insertUser(tx: Tx, values: typeof users.$inferInsert): Promise<UserRow> {
  const [u] = await tx.insert(users).values(values).returning();
  return u!;
}

export async function listUsers(q: Q, clinicId: string) {
  return q.select().from(users).where(eq(users.clinicId, clinicId)).orderBy(users.role, users.name);
}

/** A user by id alone (the signed-in user themself). */
export async function findUserById(q: Q, id: string): Promise<UserRow | null> {
  const [u] = await q.select().from(users).where(eq(users.id, id));
  return u ?? null;
}

export async function updateUser(tx: Tx, id: string, changes: Partial<typeof users.$inferInsert>) {
  const [u] = await tx.update(users).set(changes).where(eq(users.id, id)).returning();
  return u;
}

export async function setPasswordHash(q: Q, userId: string, passwordHash: string) {
  await q.update(users).set({ passwordHash }).where(eq(users.id, userId));
}

/** The practitioner record of each user of a clinic, by user id. */
export async function practitionersByUser(q: Q, clinicId: string) {
  const rows = await q
    .select({ id: practitioners.id, userId: practitioners.userId, npi: practitioners.npi })
    .from(practitioners)
    .where(eq(practitioners.clinicId, clinicId));
  return new Map(rows.filter((r) => r.userId).map((r) => [r.userId!, { id: r.id, npi: r.npi }]));
}

/** The practitioner record a user of this clinic charts and books as, if any. */
export async function practitionerOfUser(q: Q, clinicId: string, userId: string) {
  const [p] = await q
    .select({ id: practitioners.id, npi: practitioners.npi })
    .from(practitioners)
    .where(and(eq(practitioners.userId, userId), eq(practitioners.clinicId, clinicId)));
  return p;
}

export async function setPractitionerNpi(tx: Tx, practitionerId: string, npi: string | null) {
  const [p] = await tx
    .update(practitioners)
    .set({ npi })
    .where(eq(practitioners.id, practitionerId))
    .returning({ id: practitioners.id, npi: practitioners.npi });
  return p;
}

export async function insertBreakGlassGrant(tx: Tx, values: typeof breakGlassGrants.$inferInsert) {
  const [g] = await tx.insert(breakGlassGrants).values(values).returning();
  return g!;
}

/** The clinic's emergency-access grants, newest first; only those still running at `activeAt` if given. */
export async function listBreakGlassGrants(q: Q, clinicId: string, activeAt: Date | null, limit: number) {
  return q
    .select({
      g: breakGlassGrants,
      userName: users.name,
      given: patients.givenName,
      family: patients.familyName,
    })
    .from(breakGlassGrants)
    .innerJoin(users, eq(users.id, breakGlassGrants.userId))
    .innerJoin(patients, eq(patients.id, breakGlassGrants.patientId))
    .where(
      and(
        eq(breakGlassGrants.clinicId, clinicId),
        activeAt ? gt(breakGlassGrants.expiresAt, activeAt) : undefined,
      ),
    )
    .orderBy(desc(breakGlassGrants.createdAt))
    .limit(limit);
}
