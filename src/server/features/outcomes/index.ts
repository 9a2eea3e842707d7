/**
 * The outcomes feature: instruments, questionnaires and scores, a patient's series and the
 * clinic's responder report. Other features import it only through this file.
 */
import { defineFeature } from '../../platform/feature.ts';
import { outcomeRoutes } from './routes.ts';

export const feature = defineFeature({
  name: 'outcomes',
  routes: outcomeRoutes,
});
