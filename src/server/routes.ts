import type { RouteDef } from './platform/route.ts';
import { features } from './features.ts';

/** The route table: the server, the OpenAPI document and the security matrix all read it. */
export const allRoutes: RouteDef[] = features.flatMap((f) => f.routes);
