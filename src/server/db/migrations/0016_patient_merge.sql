ALTER TABLE "patients" ADD COLUMN "merged_into_id" uuid;--> statement-breakpoint
ALTER TABLE "patients" ADD COLUMN "merged_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "patients" ADD COLUMN "merged_by" uuid;--> statement-breakpoint
ALTER TABLE "patients" ADD CONSTRAINT "patients_merged_into_id_patients_id_fk" FOREIGN KEY ("merged_into_id") REFERENCES "public"."patients"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "patients" ADD CONSTRAINT "patients_merged_chk" CHECK (("patients"."merged_into_id" is null) = ("patients"."merged_at" is null) and "patients"."merged_into_id" is distinct from "patients"."id");--> statement-breakpoint
-- Merging a duplicate patient record moves its signed visits, notes and amendments to the surviving
-- record. The locks of 0004 stay in force for everything else: a signed row may change only when the
-- transaction has declared a patient merge (set_config('stillpoint.patient_merge', 'on', true), done
-- by the merge use case only) AND the update changes nothing but patient_id. Contents, signatures,
-- timestamps and content hashes of signed notes can never change.
CREATE OR REPLACE FUNCTION stillpoint_is_patient_merge_move(old_row jsonb, new_row jsonb) RETURNS boolean AS $$
  SELECT coalesce(current_setting('stillpoint.patient_merge', true), '') = 'on'
    AND (old_row - 'patient_id') = (new_row - 'patient_id');
$$ LANGUAGE sql STABLE;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION stillpoint_encounter_lock() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'UPDATE' THEN
    IF stillpoint_is_patient_merge_move(to_jsonb(OLD), to_jsonb(NEW)) THEN
      RETURN NEW;
    END IF;
  END IF;
  -- Signed notes and discarded drafts (tombstones, migration 0012) are locked alike.
  IF OLD.status IN ('signed', 'discarded') THEN
    RAISE EXCEPTION 'encounter % is % and locked (% refused)', OLD.id, OLD.status, TG_OP
      USING ERRCODE = '42501';
  END IF;
  IF TG_OP = 'DELETE' THEN
    RETURN OLD;
  END IF;
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION stillpoint_note_immutable() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'UPDATE' THEN
    IF stillpoint_is_patient_merge_move(to_jsonb(OLD), to_jsonb(NEW)) THEN
      RETURN NEW;
    END IF;
  END IF;
  RAISE EXCEPTION '% is append-only: a signed note is locked (% refused); add an amendment instead', TG_TABLE_NAME, TG_OP
    USING ERRCODE = '42501';
END;
$$ LANGUAGE plpgsql;
