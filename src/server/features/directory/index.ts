/**
 * The public directory of DOs (clinic practitioners who publish a listing, plus physicians
 * imported from a registry file) and verified reviews. Import it only through this file.
 */
import { defineFeature } from '../../platform/feature.ts';
import { directoryRoutes } from './routes.ts';
import { reviewSubject } from './subjects.ts';

export const feature = defineFeature({
  name: 'directory',
  routes: directoryRoutes,
  subjects: [reviewSubject],
});
export { importRegistryFile, type ImportReport } from './import.ts';
