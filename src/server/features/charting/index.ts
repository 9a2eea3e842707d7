/**
 * The charting feature as other features and the app see it: its module (routes and the record
 * kind they open) and the demo visits the seed charts. Import charting only through this file.
 * (Scheduling shows each appointment's note by joining charting's tables in its store, so it does
 * not import this module: charting depends on scheduling, not the other way round.)
 */
import { defineFeature } from '../../platform/feature.ts';
import { chartingRoutes } from './routes.ts';
import { encounterSubject } from './subjects.ts';

export const feature = defineFeature({
  name: 'charting',
  routes: chartingRoutes,
  subjects: [encounterSubject],
});

export { chartingRoutes, encounterSubject };
export { seedDemoVisits } from './seed.ts';
