/**
 * The patients feature: registration, the record and its clinical lists, duplicates and merge.
 * Other features import patients only through this file.
 */
import { defineFeature } from '../../platform/feature.ts';
import { clinicalListRoutes } from './clinical-lists-routes.ts';
import { patientReference } from './references.ts';
import { patientRoutes } from './routes.ts';

export const feature = defineFeature({
  name: 'patients',
  routes: [...patientRoutes, ...clinicalListRoutes],
  references: [patientReference],
});

/** Sign-ups create the patient record of a new person (onboarding). */
export { insertPatient } from './store.ts';
