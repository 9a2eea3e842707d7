import type { Deps } from '../../platform/deps.ts';
import type { AuthedContext } from '../../platform/context.ts';
import { badRequest, conflict, forbidden } from '../../platform/errors.ts';
import { writeAudit } from '../../platform/audit.ts';
import { openPatient } from '../../platform/access.ts';
import type { SignedInContext } from '../../platform/route.ts';
import { unitOfWork } from '../../platform/unit.ts';
import type { Tx } from '../../db/connect.ts';
import * as mergeStore from './merge-store.ts';
import type { PatientRow } from './store.ts';

/**
 * Merging a duplicate patient record into the surviving one: everything recorded under the
 * duplicate moves to the survivor, the duplicate stays as a tombstone that points at it, and each
 * of the two records gets its audit entry in the same transaction.
 */

interface Pair {
  survivor: PatientRow;
  duplicate: PatientRow;
  duplicatePortalUser: string | null;
}

/**
 * Both records under the ordinary access rule (no emergency access), in the caller's clinic. The
 * route names neither (both ids are in the body or query), so both are opened here.
 */
async function openPair(tx: Tx, ctx: AuthedContext, survivorId: string, duplicateId: string): Promise<Pair> {
  if (survivorId === duplicateId) {
    const message = 'Choose a different record: a record cannot be merged into itself.';
    throw badRequest(message, [{ path: 'duplicateId', message }]);
  }
  const survivor = await openPatient(tx, ctx, survivorId);
  const duplicate = await openPatient(tx, ctx, duplicateId);
  if (survivor.emergency || duplicate.emergency)
    throw forbidden(
      'Merging needs regular access to both records; emergency access is not enough. Ask an admin or the care team.',
    );
  const clinicId = ctx.user.clinicId;
  const [survivorUser, duplicateUser] = await Promise.all([
    mergeStore.portalUser(tx, clinicId, survivorId),
    mergeStore.portalUser(tx, clinicId, duplicateId),
  ]);
  if (survivorUser && duplicateUser)
    throw conflict(
      'Both records have a patient portal account, and a record can have only one. Disable the portal account of the duplicate (Users) first, then merge.',
      'merge-conflict',
    );
  return { survivor: survivor.patient, duplicate: duplicate.patient, duplicatePortalUser: duplicateUser };
}

const summary = (p: PatientRow) => ({
  id: p.id,
  name: `${p.givenName} ${p.familyName}`,
  birthDate: p.birthDate,
  restricted: p.restricted,
});

/** What a merge would move. One entry per record: the survivor's here, the duplicate's is the route's. */
export async function previewMerge(ctx: SignedInContext, survivorId: string, duplicateId: string) {
  return ctx.work(async (tx, entry) => {
    const pair = await openPair(tx, ctx, survivorId, duplicateId);
    const moves = await mergeStore.countMovable(tx, ctx.user.clinicId, survivorId, duplicateId);
    const details = { survivorId, duplicateId };
    await writeAudit(tx, ctx, {
      action: 'patient.merge-preview',
      resourceType: 'Patient',
      resourceId: survivorId,
      patientId: survivorId,
      outcome: 'success',
      details,
    });
    entry.resourceId = duplicateId;
    entry.patientId = duplicateId;
    entry.details = details;
    return {
      survivor: summary(pair.survivor),
      duplicate: summary(pair.duplicate),
      moves: { ...moves, portalAccount: pair.duplicatePortalUser ? 1 : 0 },
    };
  });
}

/**
 * The merge, in one unit of work. Its two entries are written here, in this order — the survivor's
 * `patient.merge` (the route's action), then the tombstone's `patient.merged-into` — because
 * `ctx.work` writes the route's entry last, after the extra one.
 */
export async function mergePatients(
  deps: Deps,
  ctx: SignedInContext,
  survivorId: string,
  duplicateId: string,
) {
  const clinicId = ctx.user.clinicId;
  return unitOfWork(deps, async (tx) => {
    await mergeStore.lockPair(tx, clinicId, survivorId, duplicateId);
    const { survivor, duplicate, duplicatePortalUser } = await openPair(tx, ctx, survivorId, duplicateId);
    const moved = await mergeStore.moveRows(tx, clinicId, survivorId, duplicateId);
    if (duplicatePortalUser) await mergeStore.movePortalUser(tx, clinicId, duplicatePortalUser, survivorId);
    // The survivor keeps its own details; gaps are filled from the duplicate. A restricted duplicate
    // makes the survivor restricted, with both care teams, so nothing becomes more visible.
    await mergeStore.updateSurvivor(tx, clinicId, survivorId, {
      phone: survivor.phone ?? duplicate.phone,
      email: survivor.email ?? duplicate.email,
      address: survivor.address ?? duplicate.address,
      restricted: survivor.restricted || duplicate.restricted,
      careTeam: [...new Set([...survivor.careTeam, ...duplicate.careTeam])],
      updatedAt: ctx.now,
    });
    if (!(await mergeStore.markMerged(tx, clinicId, duplicateId, survivorId, ctx.user.id, ctx.now)))
      throw conflict(
        'This record has just been merged by someone else. Reload the record.',
        'merge-conflict',
      );
    const counts = Object.fromEntries(Object.entries(moved).map(([k, ids]) => [k, ids.length]));
    const portal = duplicatePortalUser ? { portalUserId: duplicatePortalUser } : {};
    await writeAudit(tx, ctx, {
      action: 'patient.merge',
      resourceType: 'Patient',
      resourceId: survivorId,
      patientId: survivorId,
      outcome: 'success',
      details: { mergedFromId: duplicateId, moved: counts, ...portal },
    });
    await writeAudit(tx, ctx, {
      action: 'patient.merged-into',
      resourceType: 'Patient',
      resourceId: duplicateId,
      patientId: duplicateId,
      outcome: 'success',
      // The moved row ids, so a wrong merge can be traced and undone.
      details: { mergedIntoId: survivorId, movedIds: moved, ...portal },
    });
    return {
      survivor: summary({ ...survivor, restricted: survivor.restricted || duplicate.restricted }),
      duplicate: { ...summary(duplicate), mergedIntoId: survivorId, mergedAt: ctx.now.toISOString() },
      moved: { ...counts, portalAccount: duplicatePortalUser ? 1 : 0 },
    };
  });
}
