import { z } from 'zod';
import {
  AGE_GROUPS,
  AREA_IDS,
  BOARDS,
  CERTIFICATION_STATUSES,
  CONDITION_IDS,
  INSURANCE_IDS,
  LANGUAGE_IDS,
  SEARCH_QUERY_MAX,
  SEARCH_RADIUS_MAX_KM,
  TECHNIQUE_IDS,
} from '../domain/directory/vocabulary.ts';

/** Directory (public search and profiles, clinic admins' profile edits) and reviews: api.md. */

const oneOf = <T extends readonly [string, ...string[]]>(values: T, what: string) =>
  z.enum(values, { error: `Unknown ${what}: use one of ${values.join(', ')}` });
const flag = z.enum(['true', 'false'], { error: 'Use true or false' });

/** `near=<lat>,<lng>` in decimal degrees. */
export const near = z
  .string()
  .regex(
    /^\s*-?\d{1,3}(\.\d+)?\s*,\s*-?\d{1,3}(\.\d+)?\s*$/,
    'Use near=<lat>,<lng> in decimal degrees, e.g. 41.88,-87.62',
  )
  .transform((s) => s.split(',').map(Number) as [number, number])
  .refine(([lat]) => lat >= -90 && lat <= 90, 'Latitude must be between -90 and 90')
  .refine(([, lng]) => lng >= -180 && lng <= 180, 'Longitude must be between -180 and 180');

export const directorySearchQuery = z
  .object({
    near: near.optional(),
    zip: z
      .string()
      .regex(/^\d{5}$/, 'Use a 5-digit US ZIP code')
      .optional(),
    radiusKm: z.coerce
      .number({ error: 'Use a number of kilometres' })
      .gt(0, 'The radius must be more than 0 km')
      .max(SEARCH_RADIUS_MAX_KM, `The radius can be at most ${SEARCH_RADIUS_MAX_KM} km`)
      .optional(),
    q: z
      .string()
      .trim()
      .max(SEARCH_QUERY_MAX, `Search text can be at most ${SEARCH_QUERY_MAX} characters`)
      .optional(),
    technique: oneOf(TECHNIQUE_IDS, 'technique').optional(),
    insurance: oneOf(INSURANCE_IDS as [string, ...string[]], 'insurance').optional(),
    language: oneOf(LANGUAGE_IDS as [string, ...string[]], 'language').optional(),
    condition: oneOf(CONDITION_IDS as [string, ...string[]], 'condition').optional(),
    area: oneOf(AREA_IDS as [string, ...string[]], 'area').optional(),
    acceptingNewPatients: flag.optional(),
    boardCertified: flag.optional(),
    telehealth: flag.optional(),
    availableWithinDays: z.coerce
      .number({ error: 'Use a whole number of days' })
      .int('Use a whole number of days')
      .min(1, 'At least 1 day')
      .max(60, 'At most 60 days')
      .optional(),
    sort: oneOf(['distance', 'soonest', 'name'], 'sort').optional(),
    limit: z.coerce.number().int().min(1, 'At least 1').max(50, 'At most 50').optional(),
    cursor: z.string().max(400, 'Not a cursor from this search: start again without it').optional(),
  })
  .strict()
  .superRefine((v, ctx) => {
    if (v.near && v.zip)
      ctx.addIssue({ code: 'custom', path: ['zip'], message: 'Give either near or zip, not both' });
    if (v.radiusKm !== undefined && !v.near && !v.zip)
      ctx.addIssue({ code: 'custom', path: ['radiusKm'], message: 'A radius needs near=<lat>,<lng> or zip' });
    if (v.sort === 'distance' && !v.near && !v.zip)
      ctx.addIssue({ code: 'custom', path: ['sort'], message: 'Sorting by distance needs near or zip' });
  });
export type DirectorySearchQuery = z.infer<typeof directorySearchQuery>;

const url = z
  .string()
  .trim()
  .max(500)
  .regex(/^https:\/\/[^\s]+$/, 'Use the https:// address of the page the verification was read from');
const pastDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'Use a date, YYYY-MM-DD')
  .refine((s) => !Number.isNaN(Date.parse(s)), 'Use a calendar date, YYYY-MM-DD');

const verification = {
  verifiedOn: pastDate.nullable().default(null),
  source: url.nullable().default(null),
};
const bothOrNeither = (v: { verifiedOn: string | null; source: string | null }, ctx: z.RefinementCtx) => {
  if (!!v.verifiedOn !== !!v.source)
    ctx.addIssue({
      code: 'custom',
      path: [v.verifiedOn ? 'source' : 'verifiedOn'],
      message: 'A verification needs both the date it was checked and its source',
    });
};

export const boardCertificationBody = z
  .object({
    board: oneOf(BOARDS, 'board'),
    specialty: z.string().trim().min(1, 'Name the specialty').max(120),
    status: oneOf(CERTIFICATION_STATUSES, 'status'),
    ...verification,
  })
  .strict()
  .superRefine(bothOrNeither);

const listOf = <T extends readonly [string, ...string[]]>(values: T, what: string) =>
  z
    .array(oneOf(values, what))
    .max(values.length)
    .transform((a) => [...new Set(a)]);

export const profileBody = z
  .object({
    published: z.boolean(),
    credentials: z
      .array(
        z
          .string()
          .trim()
          .regex(/^[A-Z][A-Za-z.\-/]{0,19}$/, 'Use a post-nominal such as DO, MD or C-NMM/OMM'),
      )
      .max(10),
    boardCertifications: z.array(boardCertificationBody).max(10),
    faao: z.object(verification).strict().superRefine(bothOrNeither).nullable(),
    techniques: listOf(TECHNIQUE_IDS, 'technique'),
    conditions: listOf(CONDITION_IDS as [string, ...string[]], 'condition'),
    ages: listOf(AGE_GROUPS, 'age group'),
    languages: listOf(LANGUAGE_IDS as [string, ...string[]], 'language'),
    insurance: listOf(INSURANCE_IDS as [string, ...string[]], 'insurance'),
    acceptingNewPatients: z.boolean(),
    telehealth: z.boolean(),
    onlineBooking: z.boolean(),
    practiceName: z.string().trim().min(1).max(200).nullable(),
    address: z
      .object({
        line: z.string().trim().min(1, 'Give the street address').max(200),
        city: z.string().trim().min(1, 'Give the city').max(100),
        state: z
          .string()
          .regex(/^[A-Z]{2}$/, 'Use the two-letter state code, e.g. IL')
          .nullable()
          .optional(),
        postalCode: z.string().regex(/^\d{5}$/, 'Use a 5-digit US ZIP code'),
      })
      .strict()
      .nullable(),
    phone: z
      .string()
      .trim()
      .regex(/^[+0-9 ()-]{7,25}$/, 'Use digits, spaces, +, ( ) and -')
      .nullable(),
    /** Where the clinic is; left out, it is looked up from the address's ZIP code. */
    location: z
      .object({ lat: z.number().min(-90).max(90), lng: z.number().min(-180).max(180) })
      .strict()
      .nullable()
      .optional(),
  })
  .strict();
export type ProfileBody = z.infer<typeof profileBody>;

export const reviewBody = z
  .object({
    rating: z.number().int('Use a whole number from 1 to 5').min(1, 'At least 1').max(5, 'At most 5'),
    text: z.string().trim().max(2000, 'At most 2,000 characters').default(''),
  })
  .strict();

export const hideReviewBody = z
  .object({ reason: z.string().trim().min(3, 'Say why the review is hidden').max(500) })
  .strict();
