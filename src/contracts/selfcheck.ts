import { z } from 'zod';
import { SELF_CHECK_AREAS, SELF_CHECK_FLAGS, SELF_CHECK_RESULTS } from '../domain/selfcheck/rules.ts';

/** POST /api/v1/self-check (api.md "Self-check (public)"). Nothing of it is stored. */
export const selfCheckRequest = z.object({
  area: z.enum(SELF_CHECK_AREAS, {
    error: `Choose the area that hurts: one of ${SELF_CHECK_AREAS.join(', ')}`,
  }),
  weeks: z
    .number({ error: 'Enter how many weeks the pain has lasted, as a whole number' })
    .int('Enter the number of weeks as a whole number')
    .min(0, 'Weeks cannot be negative')
    .max(5200, 'Enter at most 5200 weeks (100 years)'),
  ageYears: z
    .number({ error: 'Enter your age in years, as a whole number' })
    .int('Enter your age as a whole number of years')
    .min(0, 'Age cannot be negative')
    .max(130, 'Enter an age of at most 130 years'),
  flags: z
    .array(
      z.enum(SELF_CHECK_FLAGS, {
        error: `Unknown flag: use any of ${SELF_CHECK_FLAGS.join(', ')}`,
      }),
      { error: 'Send flags as a list (it may be empty)' },
    )
    .max(SELF_CHECK_FLAGS.length * 2, 'Too many flags: send each at most once'),
});
export type SelfCheckRequest = z.infer<typeof selfCheckRequest>;

export const selfCheckResponse = z.object({
  result: z.enum(SELF_CHECK_RESULTS),
  reasons: z.array(
    z.object({
      flag: z.string(),
      message: z.string(),
      source: z.string(),
      result: z.enum(SELF_CHECK_RESULTS),
      sources: z.array(z.object({ title: z.string(), url: z.string().nullable(), grade: z.string() })),
    }),
  ),
  cautions: z.array(
    z.object({
      flag: z.string(),
      message: z.string(),
      techniques: z.array(z.string()),
      sources: z.array(z.object({ title: z.string(), url: z.string().nullable(), grade: z.string() })),
    }),
  ),
});
export type SelfCheckResponse = z.infer<typeof selfCheckResponse>;
