/**
 * The outcomes feature: instruments, questionnaires and scores, a patient's series and the
 * clinic's responder report, pre-visit questionnaires (their schedule and the job that sends
 * them). Other features import it only through this file.
 */
import { defineFeature } from '../../platform/feature.ts';
import { jobs } from '../../platform/jobs.ts';
import { outcomeRoutes } from './routes.ts';
import { carePlanRoutes } from './care-plan-routes.ts';
import { questionnaireRoutes } from './questionnaire-routes.ts';
import { questionnaireJob } from './questionnaires.ts';
import { carePlanSubject } from './subjects.ts';
import { carePlanReference, questionnaireRequestReference } from './references.ts';

export const feature = defineFeature({
  name: 'outcomes',
  routes: [...outcomeRoutes, ...carePlanRoutes, ...questionnaireRoutes],
  subjects: [carePlanSubject],
  jobs: ['outcomes.pre-visit-questionnaires'],
  references: [carePlanReference, questionnaireRequestReference],
});

// Once a minute: visits entering their sending window get their request and message.
jobs.register('outcomes.pre-visit-questionnaires', questionnaireJob, { everyMs: 60_000 });

/** The demo seed writes outcome series and plans through these. */
export { seedPlan, seedScore } from './seed.ts';

/** Home exercise programs read the clinic's zone the same way plans do. */
export { clinicTimeZone } from './store.ts';
export { todayIn } from './care-plans.ts';
