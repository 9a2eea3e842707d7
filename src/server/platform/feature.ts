import type { RouteDef } from './route.ts';
import type { ReferenceKind } from './references.ts';
import type { SubjectKind } from './subjects.ts';

/**
 * A feature as the app sees it: one module exported from the feature's `index.ts`, listed once
 * in `src/server/features.ts`. Its routes go through the one enforcement point (`app.ts`), its
 * subject kinds are declared with `defineSubject`/`tableSubject` (the security matrix drives
 * every kind), its background jobs are registered with `jobs.register` when the module loads,
 * and its messages go out with `emit` (platform/outbox.ts). Adding a feature is a folder plus
 * one line in the list.
 */
export interface FeatureModule {
  name: string;
  routes: readonly RouteDef[];
  /** The record kinds its routes open by id (listed for the docs and the matrix). */
  subjects?: readonly SubjectKind[];
  /** The names of the background jobs it registers (documentation; registration is `jobs.register`). */
  jobs?: readonly string[];
  /** The record kinds request bodies may name by id (`ref(kind)` in the contracts). */
  references?: readonly ReferenceKind[];
}

export function defineFeature(feature: FeatureModule): FeatureModule {
  return feature;
}
