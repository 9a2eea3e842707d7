import { and, desc, eq, gt, inArray, isNull, lte, or, sql } from 'drizzle-orm';
import type { Db, Tx } from '../../db/connect.ts';
import { clinics, patients, users } from '../../db/schema.ts';
import type { CandidateRecord } from '../../../domain/onboarding/matching.ts';
import { portalInvitations, selfSignups, type SignupStatus } from './tables.ts';

type Q = Db | Tx;
export type InvitationRow = typeof portalInvitations.$inferSelect;
export type SignupRow = typeof selfSignups.$inferSelect;
export type UserRow = typeof users.$inferSelect;
export type ClinicRow = typeof clinics.$inferSelect;

export async function findClinic(q: Q, clinicId: string): Promise<ClinicRow | null> {
  const [c] = await q.select().from(clinics).where(eq(clinics.id, clinicId));
  return c ?? null;
}

export async function listClinics(q: Q) {
  return q.select({ id: clinics.id, name: clinics.name }).from(clinics).orderBy(clinics.name).limit(200);
}

export async function userByEmail(q: Q, email: string): Promise<UserRow | null> {
  const [u] = await q
    .select()
    .from(users)
    .where(sql`lower(${users.email}) = ${email.trim().toLowerCase()}`);
  return u ?? null;
}

export async function userOfPatient(q: Q, clinicId: string, patientId: string): Promise<UserRow | null> {
  const [u] = await q
    .select()
    .from(users)
    .where(and(eq(users.clinicId, clinicId), eq(users.patientId, patientId)));
  return u ?? null;
}

export async function insertPatientUser(
  tx: Tx,
  v: { clinicId: string; email: string; name: string; passwordHash: string; patientId: string; now: Date },
): Promise<UserRow> {
  const [u] = await tx
    .insert(users)
    .values({
      clinicId: v.clinicId,
      email: v.email,
      name: v.name,
      role: 'patient',
      passwordHash: v.passwordHash,
      patientId: v.patientId,
      createdAt: v.now,
    })
    .returning();
  return u!;
}

// ── invitations ────────────────────────────────────────────────────────────

/** Ends the patient's open invitation (a new one replaces it). */
export async function revokeOpenInvitations(tx: Tx, clinicId: string, patientId: string, now: Date) {
  return tx
    .update(portalInvitations)
    .set({ revokedAt: now })
    .where(
      and(
        eq(portalInvitations.clinicId, clinicId),
        eq(portalInvitations.patientId, patientId),
        isNull(portalInvitations.acceptedAt),
        isNull(portalInvitations.revokedAt),
      ),
    )
    .returning({ id: portalInvitations.id });
}

export async function insertInvitation(tx: Tx, v: typeof portalInvitations.$inferInsert) {
  const [row] = await tx.insert(portalInvitations).values(v).returning();
  return row!;
}

export async function openInvitation(q: Q, clinicId: string, patientId: string, now: Date) {
  const [row] = await q
    .select()
    .from(portalInvitations)
    .where(
      and(
        eq(portalInvitations.clinicId, clinicId),
        eq(portalInvitations.patientId, patientId),
        isNull(portalInvitations.acceptedAt),
        isNull(portalInvitations.revokedAt),
        gt(portalInvitations.expiresAt, now),
      ),
    )
    .orderBy(desc(portalInvitations.createdAt))
    .limit(1);
  return row ?? null;
}

/** The invitation a token opens, with its patient and clinic; locked for the accepting transaction. */
export async function invitationByTokenHash(q: Q, tokenHash: string, forUpdate = false) {
  const query = q
    .select({ i: portalInvitations, p: patients, c: clinics })
    .from(portalInvitations)
    .innerJoin(
      patients,
      and(eq(patients.id, portalInvitations.patientId), eq(patients.clinicId, portalInvitations.clinicId)),
    )
    .innerJoin(clinics, eq(clinics.id, portalInvitations.clinicId))
    .where(eq(portalInvitations.tokenHash, tokenHash));
  const [row] = forUpdate ? await query.for('update', { of: portalInvitations }) : await query;
  return row ?? null;
}

export async function markInvitationAccepted(tx: Tx, id: string, userId: string, now: Date) {
  await tx.update(portalInvitations).set({ acceptedAt: now, userId }).where(eq(portalInvitations.id, id));
}

// ── sign-ups ───────────────────────────────────────────────────────────────

export async function insertSignup(tx: Tx, v: typeof selfSignups.$inferInsert): Promise<SignupRow> {
  const [row] = await tx.insert(selfSignups).values(v).returning();
  return row!;
}

/** Earlier unverified sign-ups of the same address in the clinic: their links stop working. */
export async function supersedeUnverified(tx: Tx, clinicId: string, email: string) {
  await tx
    .update(selfSignups)
    .set({ status: 'superseded', passwordHash: null })
    .where(
      and(
        eq(selfSignups.clinicId, clinicId),
        eq(selfSignups.status, 'unverified'),
        sql`lower(${selfSignups.email}) = ${email.toLowerCase()}`,
      ),
    );
}

/** Unverified sign-ups past their link's lifetime: ended, and their password hash dropped. */
export async function expireSignups(tx: Tx, now: Date) {
  await tx
    .update(selfSignups)
    .set({ status: 'expired', passwordHash: null })
    .where(and(eq(selfSignups.status, 'unverified'), lte(selfSignups.expiresAt, now)));
}

export async function signupInReview(q: Q, clinicId: string, email: string): Promise<SignupRow | null> {
  const [row] = await q
    .select()
    .from(selfSignups)
    .where(
      and(
        eq(selfSignups.clinicId, clinicId),
        eq(selfSignups.status, 'review'),
        sql`lower(${selfSignups.email}) = ${email.toLowerCase()}`,
      ),
    )
    .limit(1);
  return row ?? null;
}

export async function signupByTokenHash(tx: Tx, tokenHash: string): Promise<SignupRow | null> {
  const [row] = await tx.select().from(selfSignups).where(eq(selfSignups.tokenHash, tokenHash)).for('update');
  return row ?? null;
}

export async function signupById(tx: Tx, clinicId: string, id: string): Promise<SignupRow | null> {
  const [row] = await tx
    .select()
    .from(selfSignups)
    .where(and(eq(selfSignups.clinicId, clinicId), eq(selfSignups.id, id)))
    .for('update');
  return row ?? null;
}

export async function updateSignup(tx: Tx, id: string, set: Partial<typeof selfSignups.$inferInsert>) {
  const [row] = await tx.update(selfSignups).set(set).where(eq(selfSignups.id, id)).returning();
  return row!;
}

export async function listSignups(q: Q, clinicId: string, statuses: SignupStatus[], limit: number) {
  return q
    .select()
    .from(selfSignups)
    .where(and(eq(selfSignups.clinicId, clinicId), inArray(selfSignups.status, statuses)))
    .orderBy(desc(selfSignups.createdAt))
    .limit(limit);
}

/**
 * Records of the clinic sharing the birth date, the exact (normalised) name or the email with a
 * sign-up: the matcher decides which of them count.
 */
export async function candidateRecords(
  q: Q,
  clinicId: string,
  who: { givenName: string; familyName: string; birthDate: string; email: string },
): Promise<CandidateRecord[]> {
  const norm = (s: string) => s.normalize('NFC').trim().replace(/\s+/g, ' ').toLowerCase();
  const rows = await q
    .select({
      id: patients.id,
      givenName: patients.givenName,
      familyName: patients.familyName,
      birthDate: patients.birthDate,
      email: patients.email,
      accountId: users.id,
    })
    .from(patients)
    .leftJoin(users, eq(users.patientId, patients.id))
    .where(
      and(
        eq(patients.clinicId, clinicId),
        or(
          eq(patients.birthDate, who.birthDate),
          sql`lower(trim(${patients.email})) = ${who.email.trim().toLowerCase()}`,
          and(
            sql`lower(regexp_replace(trim(${patients.givenName}), '\\s+', ' ', 'g')) = ${norm(who.givenName)}`,
            sql`lower(regexp_replace(trim(${patients.familyName}), '\\s+', ' ', 'g')) = ${norm(who.familyName)}`,
          ),
        ),
      ),
    )
    .limit(200);
  return rows.map((r) => ({
    id: r.id,
    givenName: r.givenName,
    familyName: r.familyName,
    birthDate: r.birthDate,
    email: r.email,
    hasAccount: !!r.accountId,
  }));
}

export async function patientsByIds(q: Q, clinicId: string, ids: string[]) {
  if (!ids.length) return [];
  return q
    .select()
    .from(patients)
    .where(and(eq(patients.clinicId, clinicId), inArray(patients.id, ids)));
}
