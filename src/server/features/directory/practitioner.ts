import type { practitioners } from '../../db/schema.ts';

/** A practitioner row as scheduling's `practitioner` subject opens it. */
export type PractitionerRow = typeof practitioners.$inferSelect;
