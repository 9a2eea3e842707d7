/**
 * The onboarding feature: portal invitations, self sign-up with email confirmation, and the sign-up review queue.
 * Other features import it only through this file.
 */
import { defineFeature } from '../../platform/feature.ts';
import { onboardingRoutes } from './routes.ts';
import { signupSubject } from './subjects.ts';

export const feature = defineFeature({
  name: 'onboarding',
  routes: [...onboardingRoutes],
  subjects: [signupSubject],
});

/** The origin of links in email (outcomes' pre-visit questionnaires link to the portal). */
export { publicOrigin } from './messages.ts';
