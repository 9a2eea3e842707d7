import type { RouteDef } from './platform/route.ts';
import { authRoutes } from './features/auth/routes.ts';
import { patientRoutes } from './features/patients/routes.ts';
import { clinicalListRoutes } from './features/patients/clinical-lists-routes.ts';
import { adminRoutes, publicClinicRoutes } from './features/admin/routes.ts';
import { auditRoutes } from './features/audit/routes.ts';
import { omtRoutes } from './features/omt/routes.ts';
import { schedulingRoutes } from './features/scheduling/index.ts';
import { chartingRoutes } from './features/charting/index.ts';
import { notificationRoutes } from './features/notifications/index.ts';
import { codeRoutes } from './features/codes/index.ts';
import { onboardingRoutes } from './features/onboarding/routes.ts';

/** The route table: the server, the OpenAPI document and the security matrix all read it. */
export const allRoutes: RouteDef[] = [
  ...authRoutes,
  ...patientRoutes,
  ...clinicalListRoutes,
  ...adminRoutes,
  ...publicClinicRoutes,
  ...auditRoutes,
  ...omtRoutes,
  ...schedulingRoutes,
  ...chartingRoutes,
  ...notificationRoutes,
  ...codeRoutes,
  ...onboardingRoutes,
];
