import { apiTokens } from '../../db/schema.ts';
import { tableSubject } from '../../platform/subjects.ts';

/** An API token: only its owner may open it. */
export const tokenSubject = tableSubject({
  name: 'token',
  resourceType: 'ApiToken',
  table: apiTokens,
  patientData: false,
  owner: apiTokens.userId,
});
