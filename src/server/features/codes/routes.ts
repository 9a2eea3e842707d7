import { z } from 'zod';
import { defineRoute, type RouteDef } from '../../platform/route.ts';
import { STAFF_ROLES } from '../../platform/context.ts';
import { icd10cm } from './load.ts';

export const icd10Search = z.object({
  q: z
    .string()
    .trim()
    .min(2, 'Type at least 2 characters of a code or a word')
    .max(100, 'Keep the search under 100 characters'),
  limit: z.coerce.number().int().min(1).max(50).default(20),
});

const icd10Result = z.object({
  code: z.string().meta({ description: 'With the dot, e.g. M54.50' }),
  display: z.string().meta({ description: 'The official long description' }),
  billable: z.boolean().meta({ description: 'False for a category that has more specific codes' }),
});

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
    response: z.object({ results: z.array(icd10Result) }),
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
