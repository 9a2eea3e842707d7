/**
 * The auth feature: sign-in, sessions, MFA and personal API tokens.
 * Other features import it only through this file.
 */
import { defineFeature } from '../../platform/feature.ts';
import { authRoutes } from './routes.ts';
import { tokenSubject } from './subjects.ts';

export const feature = defineFeature({
  name: 'auth',
  routes: [...authRoutes],
  subjects: [tokenSubject],
});
