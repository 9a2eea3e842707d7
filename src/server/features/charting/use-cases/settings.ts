import type { SettingsPatch } from '../../../../contracts/charting.ts';
import type { AuthedContext } from '../../../platform/context.ts';
import type { SignedInContext } from '../../../platform/route.ts';
import * as store from '../store.ts';
import type { ChartDeps } from './context.ts';

/** The clinic's OMT safety settings: the policy, and whether contraindications may be overridden. */

export async function readSettings(deps: ChartDeps, ctx: AuthedContext) {
  return settingsView(await store.getSettings(deps.db, ctx.user.clinicId));
}

/** Changes the settings; the route's entry records them before and after. */
export async function updateSettings(ctx: SignedInContext, patch: SettingsPatch) {
  return ctx.work(async (tx, entry) => {
    const before = await store.getSettings(tx, ctx.user.clinicId);
    await store.upsertSettings(tx, ctx.user.clinicId, patch, ctx.user.id, ctx.now);
    const after = await store.getSettings(tx, ctx.user.clinicId);
    entry.resourceId = ctx.user.clinicId;
    entry.details = { before: policyOf(before), after: policyOf(after) };
    return settingsView(after);
  });
}

const policyOf = (s: store.OmtSettings) => ({
  safetyPolicy: s.safetyPolicy,
  allowContraindicatedOverride: s.allowContraindicatedOverride,
});

function settingsView(s: store.OmtSettings) {
  return { ...policyOf(s), updatedAt: s.updatedAt?.toISOString() ?? null };
}
