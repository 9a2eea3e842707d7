/**
 * The admin feature: users, clinic settings, emergency-access grants and the public clinic list.
 * Other features import it only through this file.
 */
import { defineFeature } from '../../platform/feature.ts';
import { adminRoutes, publicClinicRoutes } from './routes.ts';
import { staffUserReference, userSubject } from './subjects.ts';

/** A user account of the clinic: the auth feature's admin token routes open it. */
export { userSubject };

export const feature = defineFeature({
  name: 'admin',
  routes: [...adminRoutes, ...publicClinicRoutes],
  subjects: [userSubject],
  references: [staffUserReference],
});
