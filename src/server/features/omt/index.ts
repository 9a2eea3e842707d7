/**
 * The omt feature: the OMT reference routes: the safety check and coding of a planned treatment.
 * Other features import it only through this file.
 */
import { defineFeature } from '../../platform/feature.ts';
import { omtRoutes } from './routes.ts';

export const feature = defineFeature({
  name: 'omt',
  routes: [...omtRoutes],
});
