import { z } from 'zod';
import { policySchema, regionIdSchema } from '../../../domain/omt/index.ts';

export const patientParams = z.object({ patientId: z.uuid('Not a valid patient id') });
export const encounterParams = z.object({ id: z.uuid('Not a valid encounter id') });

export const regionHistoryQuery = z.object({
  /** One region; all regions when absent. */
  region: regionIdSchema.optional(),
});

export const settingsPatch = z
  .object({
    safetyPolicy: policySchema.optional(),
    allowContraindicatedOverride: z.boolean().optional(),
  })
  .strict();
export type SettingsPatch = z.infer<typeof settingsPatch>;

export const AMENDMENT_SECTIONS = ['subjective', 'objective', 'assessment', 'plan', 'general'] as const;

export const amendmentInput = z
  .object({
    section: z.enum(AMENDMENT_SECTIONS).default('general'),
    reason: z.string().trim().min(3, 'Say why the note is corrected').max(1000),
    text: z.string().trim().min(1, 'Write the correction').max(5000),
  })
  .strict();
export type AmendmentInput = z.infer<typeof amendmentInput>;
