/** The codes feature: the ICD-10-CM code set, its lookup and its search route. */
export { codeRoutes } from './routes.ts';
export { icd10cm, ICD10CM_FILE } from './load.ts';
export { ICD10CM_VERSION, type CodeCheck, type Icd10Code, type Icd10CodeSet } from './icd10cm.ts';
