/**
 * The outcomes feature: instruments, questionnaires and scores, a patient's series and the
 * clinic's responder report. Other features import it only through this file.
 */
import { defineFeature } from '../../platform/feature.ts';
import { outcomeRoutes } from './routes.ts';
import { carePlanRoutes } from './care-plan-routes.ts';
import { carePlanSubject } from './subjects.ts';
import { carePlanReference } from './references.ts';

export const feature = defineFeature({
  name: 'outcomes',
  routes: [...outcomeRoutes, ...carePlanRoutes],
  subjects: [carePlanSubject],
  references: [carePlanReference],
});

/** The demo seed writes outcome series and plans through these. */
export { seedPlan, seedScore } from './seed.ts';

/** Home exercise programs read the clinic's zone the same way plans do. */
export { clinicTimeZone } from './store.ts';
export { todayIn } from './care-plans.ts';
