/** The codes feature: the ICD-10-CM code set, its lookup and its search route. */
import { defineFeature } from '../../platform/feature.ts';
import { codeRoutes } from './routes.ts';
export { codeRoutes };
export { icd10cm, ICD10CM_FILE } from './load.ts';
export { ICD10CM_VERSION, type CodeCheck, type Icd10Code, type Icd10CodeSet } from './icd10cm.ts';

export const feature = defineFeature({ name: 'codes', routes: codeRoutes });
