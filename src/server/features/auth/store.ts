import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import type { Db, Tx } from '../../db/connect.ts';
import { apiTokens, clinics, practitioners, users } from '../../db/schema.ts';

type Q = Db | Tx;
export type UserRow = typeof users.$inferSelect;
export type ClinicRow = typeof clinics.$inferSelect;
export type ApiTokenRow = typeof apiTokens.$inferSelect;

/** The account signing in (emails match regardless of case), with its clinic. */
export async function findUserByEmail(q: Q, email: string) {
  const [row] = await q
    .select({ u: users, c: clinics })
    .from(users)
    .innerJoin(clinics, eq(clinics.id, users.clinicId))
    .where(sql`lower(${users.email}) = ${email.toLowerCase()}`);
  return row ?? null;
}

/** The signed-in user with their clinic and their own practitioner record, if they see patients. */
export async function loadUser(q: Q, userId: string) {
  const [row] = await q
    .select({ u: users, c: clinics, practitionerId: practitioners.id })
    .from(users)
    .innerJoin(clinics, eq(clinics.id, users.clinicId))
    // The user's own practitioner record, if they see patients (their schedule opens on it).
    .leftJoin(
      practitioners,
      and(eq(practitioners.userId, users.id), eq(practitioners.clinicId, users.clinicId)),
    )
    .where(eq(users.id, userId))
    .limit(1);
  return row ?? null;
}

export async function setPasswordHash(q: Q, userId: string, passwordHash: string) {
  await q.update(users).set({ passwordHash }).where(eq(users.id, userId));
}

/** The last TOTP time step accepted: a code is never accepted twice. */
export async function setMfaLastStep(q: Q, userId: string, step: number) {
  await q.update(users).set({ mfaLastStep: step }).where(eq(users.id, userId));
}

export async function setMfaSecret(q: Q, userId: string, mfaSecretEnc: string) {
  await q.update(users).set({ mfaSecretEnc }).where(eq(users.id, userId));
}

export async function enableMfa(q: Q, userId: string, step: number) {
  await q.update(users).set({ mfaEnabled: true, mfaLastStep: step }).where(eq(users.id, userId));
}

export async function disableMfa(q: Q, userId: string) {
  await q
    .update(users)
    .set({ mfaEnabled: false, mfaSecretEnc: null, mfaLastStep: null })
    .where(eq(users.id, userId));
}

export async function insertApiToken(q: Q, values: typeof apiTokens.$inferInsert): Promise<string> {
  const [row] = await q.insert(apiTokens).values(values).returning({ id: apiTokens.id });
  return row!.id;
}

/**
 * A user's tokens that still work or only expired: not revoked and of the user's current
 * credentials generation (a password reset or "sign out everywhere" ended the older ones). Newest first.
 */
export async function listLiveTokens(q: Q, userId: string) {
  return q
    .select({ t: apiTokens })
    .from(apiTokens)
    .innerJoin(users, eq(users.id, apiTokens.userId))
    .where(
      and(
        eq(apiTokens.userId, userId),
        isNull(apiTokens.revokedAt),
        eq(apiTokens.credentialsEpoch, users.credentialsEpoch),
      ),
    )
    .orderBy(desc(apiTokens.createdAt))
    .then((rows) => rows.map((r) => r.t));
}

/** Revokes one of the user's own tokens; false if there was no such open token. */
export async function revokeToken(q: Q, userId: string, id: string, at: Date): Promise<boolean> {
  const res = await q
    .update(apiTokens)
    .set({ revokedAt: at })
    .where(and(eq(apiTokens.id, id), eq(apiTokens.userId, userId), isNull(apiTokens.revokedAt)))
    .returning({ id: apiTokens.id });
  return res.length > 0;
}
