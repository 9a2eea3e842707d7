import { defineRoute, type RouteDef } from '../../platform/route.ts';
import { STAFF_ROLES } from '../../platform/context.ts';
import { icd10cm } from './load.ts';
import { icd10Search, icd10SearchResponse } from '../../../contracts/codes.ts';

export const codeRoutes: RouteDef[] = [
  defineRoute({
    method: 'GET',
    url: '/api/v1/codes/icd10',
    summary:
      'Search the ICD-10-CM code set (FY2026) by code prefix (with or without the dot) or by words; billable codes first',
    tags: ['codes'],
    // The code set is public reference data, not patient data: nothing to audit but refusals.
    access: { roles: STAFF_ROLES },
    query: icd10Search,
    response: icd10SearchResponse,
    subject: 'none',
    handler: async (_ctx, { query }) => {
      const set = await icd10cm();
      return {
        results: set
          .search(query.q, query.limit)
          .map((c) => ({ code: c.code, display: c.description, billable: c.billable })),
      };
    },
  }),
];
