/**
 * The audit feature: the audit report, its CSV export and the chain check.
 * Other features import it only through this file.
 */
import { defineFeature } from '../../platform/feature.ts';
import { auditRoutes } from './routes.ts';

export const feature = defineFeature({
  name: 'audit',
  routes: [...auditRoutes],
});
