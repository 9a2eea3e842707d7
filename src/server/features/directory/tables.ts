import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  doublePrecision,
  index,
  jsonb,
  pgTable,
  primaryKey,
  smallint,
  text,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { clinics, patients, practitioners, ts, users } from '../../db/schema.ts';
import type { PostalAddress } from '../../../domain/address.ts';
import type { BoardCertification } from '../../../domain/directory/vocabulary.ts';
import { appointments } from '../scheduling/tables.ts';

/**
 * One listing of the public directory: a clinic's practitioner (its id is the practitioner's id,
 * so a result books with the same id) or a physician imported from a registry file (NPPES), who
 * has no practitioner row and can never be booked. The earth-distance GiST indexes on the location
 * are in the hand-written part of migration 0021; `search_text` is indexed by its words
 * (`directoryWords`, migration 0025).
 */
export const directoryEntries = pgTable(
  'directory_entries',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** Set for a clinic's practitioner (bookable); null for a registry import. */
    practitionerId: uuid('practitioner_id').references(() => practitioners.id),
    clinicId: uuid('clinic_id').references(() => clinics.id),
    npi: text('npi'),
    source: text('source').$type<'clinic' | 'registry'>().notNull(),
    published: boolean('published').notNull().default(true),
    name: text('name').notNull(),
    credentials: text('credentials')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    boardCertifications: jsonb('board_certifications').$type<BoardCertification[]>().notNull().default([]),
    /** Set when the practitioner is (claimed to be) a Fellow of the AAO; verified only with date and source. */
    faao: jsonb('faao').$type<{ verifiedOn: string | null; source: string | null } | null>(),
    /** Derived on every write: an active, verified board certification. */
    boardCertified: boolean('board_certified').notNull().default(false),
    techniques: text('techniques')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    conditions: text('conditions')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    ages: text('ages')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    languages: text('languages')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    insurance: text('insurance')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    taxonomies: text('taxonomies')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    acceptingNewPatients: boolean('accepting_new_patients').notNull().default(false),
    telehealth: boolean('telehealth').notNull().default(false),
    onlineBooking: boolean('online_booking').notNull().default(false),
    practiceName: text('practice_name'),
    address: jsonb('address').$type<PostalAddress | null>(),
    phone: text('phone'),
    lat: doublePrecision('lat'),
    lng: doublePrecision('lng'),
    /** Lower-case name and condition labels: what `q` matches with trigram similarity. */
    searchText: text('search_text').notNull(),
    updatedAt: ts('updated_at').notNull(),
    updatedBy: uuid('updated_by').references(() => users.id),
  },
  (t) => [
    uniqueIndex('directory_entries_practitioner_uq').on(t.practitionerId),
    uniqueIndex('directory_entries_npi_uq').on(t.npi),
    index('directory_entries_name_idx').on(t.name, t.id),
    index('directory_entries_clinic_idx').on(t.clinicId),
    check('directory_entries_source_chk', sql`${t.source} in ('clinic','registry')`),
    check(
      'directory_entries_kind_chk',
      sql`(${t.source} = 'clinic') = (${t.practitionerId} is not null and ${t.clinicId} is not null)`,
    ),
    check('directory_entries_location_chk', sql`(${t.lat} is null) = (${t.lng} is null)`),
    check('directory_entries_coords_chk', sql`${t.lat} between -90 and 90 and ${t.lng} between -180 and 180`),
    check('directory_entries_npi_chk', sql`${t.npi} ~ '^[12][0-9]{9}$'`),
  ],
);

/**
 * The words of each listing's search text (its name, and a clinic listing's condition labels), in
 * name order: the text search's index. A query word finds its typo matches among the words in use
 * (`directoryVocabulary`, a trigram index), then walks each matched word's listings in name order
 * and stops at the page, whatever the size of the directory. Kept by statement triggers on
 * `directory_entries` (migration 0025), so every write path (import, profile edits) keeps it.
 */
export const directoryWords = pgTable(
  'directory_words',
  {
    word: text('word').notNull(),
    name: text('name').notNull(),
    entryId: uuid('entry_id')
      .notNull()
      .references(() => directoryEntries.id, { onDelete: 'cascade' }),
  },
  (t) => [
    primaryKey({ columns: [t.word, t.name, t.entryId] }),
    index('directory_words_entry_idx').on(t.entryId),
  ],
);

/** Every word a listing has used (never shrinks: a stale word only finds no listings). */
export const directoryVocabulary = pgTable('directory_vocabulary', {
  word: text('word').primaryKey(),
});

/**
 * A review of a completed visit, by the patient of that appointment, once (unique appointment).
 * Published without the patient's name; an admin of the clinic may hide it, with a reason.
 */
export const directoryReviews = pgTable(
  'directory_reviews',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    clinicId: uuid('clinic_id')
      .notNull()
      .references(() => clinics.id),
    practitionerId: uuid('practitioner_id')
      .notNull()
      .references(() => practitioners.id),
    appointmentId: uuid('appointment_id')
      .notNull()
      .references(() => appointments.id),
    patientId: uuid('patient_id')
      .notNull()
      .references(() => patients.id),
    rating: smallint('rating').notNull(),
    text: text('text').notNull(),
    createdAt: ts('created_at').notNull(),
    hiddenAt: ts('hidden_at'),
    hiddenReason: text('hidden_reason'),
    hiddenBy: uuid('hidden_by').references(() => users.id),
  },
  (t) => [
    uniqueIndex('directory_reviews_appointment_uq').on(t.appointmentId),
    index('directory_reviews_practitioner_idx').on(t.practitionerId, t.createdAt),
    index('directory_reviews_clinic_idx').on(t.clinicId, t.createdAt),
    check('directory_reviews_rating_chk', sql`${t.rating} between 1 and 5`),
    check('directory_reviews_hidden_chk', sql`(${t.hiddenAt} is null) = (${t.hiddenReason} is null)`),
  ],
);
