import { z } from 'zod';

/** The ICD-10-CM code search (FY2026 code set). */
export const icd10Search = z.object({
  q: z
    .string()
    .trim()
    .min(2, 'Type at least 2 characters of a code or a word')
    .max(100, 'Keep the search under 100 characters'),
  limit: z.coerce.number().int().min(1).max(50).default(20),
});

export const icd10Result = z.object({
  code: z.string().meta({ description: 'With the dot, e.g. M54.50' }),
  display: z.string().meta({ description: 'The official long description' }),
  billable: z.boolean().meta({ description: 'False for a category that has more specific codes' }),
});

export const icd10SearchResponse = z.object({ results: z.array(icd10Result) });
export type Icd10Code = z.infer<typeof icd10Result>;
