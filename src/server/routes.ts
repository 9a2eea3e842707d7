import type { RouteDef } from './platform/route.ts';
import type { ReferenceKind } from './platform/references.ts';
import { features } from './features.ts';

/** The route table: the server, the OpenAPI document and the security matrix all read it. */
export const allRoutes: RouteDef[] = features.flatMap((f) => f.routes);

/** The kinds of record a body may name by id, each declared by the feature that owns it. */
export const allReferenceKinds: ReferenceKind[] = features.flatMap((f) => f.references ?? []);
