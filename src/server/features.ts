import type { FeatureModule } from './platform/feature.ts';
import { feature as auth } from './features/auth/index.ts';
import { feature as patients } from './features/patients/index.ts';
import { feature as admin } from './features/admin/index.ts';
import { feature as audit } from './features/audit/index.ts';
import { feature as omt } from './features/omt/index.ts';
import { feature as scheduling } from './features/scheduling/index.ts';
import { feature as charting } from './features/charting/index.ts';
import { feature as notifications } from './features/notifications/index.ts';
import { feature as codes } from './features/codes/index.ts';
import { feature as onboarding } from './features/onboarding/index.ts';
import { feature as learn } from './features/learn/index.ts';
import { feature as outcomes } from './features/outcomes/index.ts';
import { feature as directory } from './features/directory/index.ts';
import { feature as exercises } from './features/exercises/index.ts';

/**
 * The features of the app, registered in this order (the security matrix runs the route table in
 * it). Adding a feature is its folder plus one line here.
 */
export const features: readonly FeatureModule[] = [
  auth,
  patients,
  admin,
  audit,
  omt,
  scheduling,
  charting,
  notifications,
  codes,
  onboarding,
  learn,
  outcomes,
  directory,
  exercises,
];
