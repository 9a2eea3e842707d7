-- A signed clinical note is locked by the database, not only by the API: once an encounter is
-- signed, its row, its exam / ROM / treatment rows and its note refuse UPDATE and DELETE, whoever
-- sends them. Corrections are amendments (new rows that point at the note), which are append-only too.
CREATE OR REPLACE FUNCTION stillpoint_encounter_lock() RETURNS trigger AS $$
BEGIN
  IF OLD.status = 'signed' THEN
    RAISE EXCEPTION 'encounter % is signed and locked (% refused); add an amendment instead', OLD.id, TG_OP
      USING ERRCODE = '42501';
  END IF;
  IF TG_OP = 'DELETE' THEN
    RETURN OLD;
  END IF;
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER encounters_signed_lock BEFORE UPDATE OR DELETE ON encounters
  FOR EACH ROW EXECUTE FUNCTION stillpoint_encounter_lock();
--> statement-breakpoint
-- Exam, ROM and treatment rows follow their encounter. FOR SHARE makes a concurrent signing wait
-- for (or be waited on by) the child write, so no row can slip in while the note is being signed.
CREATE OR REPLACE FUNCTION stillpoint_encounter_child_lock() RETURNS trigger AS $$
DECLARE
  st text;
BEGIN
  IF TG_OP <> 'INSERT' THEN
    SELECT status INTO st FROM encounters WHERE id = OLD.encounter_id FOR SHARE;
    IF st = 'signed' THEN
      RAISE EXCEPTION '% of encounter % is signed and locked (% refused); add an amendment instead',
        TG_TABLE_NAME, OLD.encounter_id, TG_OP USING ERRCODE = '42501';
    END IF;
  END IF;
  IF TG_OP <> 'DELETE' THEN
    SELECT status INTO st FROM encounters WHERE id = NEW.encounter_id FOR SHARE;
    IF st = 'signed' THEN
      RAISE EXCEPTION '% of encounter % is signed and locked (% refused); add an amendment instead',
        TG_TABLE_NAME, NEW.encounter_id, TG_OP USING ERRCODE = '42501';
    END IF;
    RETURN NEW;
  END IF;
  RETURN OLD;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER encounter_findings_signed_lock BEFORE INSERT OR UPDATE OR DELETE ON encounter_findings
  FOR EACH ROW EXECUTE FUNCTION stillpoint_encounter_child_lock();
--> statement-breakpoint
CREATE TRIGGER encounter_diagnoses_signed_lock BEFORE INSERT OR UPDATE OR DELETE ON encounter_diagnoses
  FOR EACH ROW EXECUTE FUNCTION stillpoint_encounter_child_lock();
--> statement-breakpoint
CREATE TRIGGER encounter_rom_signed_lock BEFORE INSERT OR UPDATE OR DELETE ON encounter_rom
  FOR EACH ROW EXECUTE FUNCTION stillpoint_encounter_child_lock();
--> statement-breakpoint
CREATE TRIGGER encounter_treatments_signed_lock BEFORE INSERT OR UPDATE OR DELETE ON encounter_treatments
  FOR EACH ROW EXECUTE FUNCTION stillpoint_encounter_child_lock();
--> statement-breakpoint
CREATE TRIGGER encounter_techniques_signed_lock BEFORE INSERT OR UPDATE OR DELETE ON encounter_techniques
  FOR EACH ROW EXECUTE FUNCTION stillpoint_encounter_child_lock();
--> statement-breakpoint
-- A note exists only for a signed encounter, and is never changed or removed.
CREATE OR REPLACE FUNCTION stillpoint_note_insert_check() RETURNS trigger AS $$
DECLARE
  st text;
BEGIN
  SELECT status INTO st FROM encounters WHERE id = NEW.encounter_id FOR SHARE;
  IF st IS DISTINCT FROM 'signed' THEN
    RAISE EXCEPTION 'a note can only be stored for a signed encounter (encounter % is %)', NEW.encounter_id, st
      USING ERRCODE = '42501';
  END IF;
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER encounter_notes_signed_only BEFORE INSERT ON encounter_notes
  FOR EACH ROW EXECUTE FUNCTION stillpoint_note_insert_check();
--> statement-breakpoint
CREATE OR REPLACE FUNCTION stillpoint_note_immutable() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION '% is append-only: a signed note is locked (% refused); add an amendment instead', TG_TABLE_NAME, TG_OP
    USING ERRCODE = '42501';
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER encounter_notes_locked BEFORE UPDATE OR DELETE ON encounter_notes
  FOR EACH ROW EXECUTE FUNCTION stillpoint_note_immutable();
--> statement-breakpoint
CREATE TRIGGER encounter_notes_no_truncate BEFORE TRUNCATE ON encounter_notes
  FOR EACH STATEMENT EXECUTE FUNCTION stillpoint_note_immutable();
--> statement-breakpoint
CREATE TRIGGER note_amendments_locked BEFORE UPDATE OR DELETE ON note_amendments
  FOR EACH ROW EXECUTE FUNCTION stillpoint_note_immutable();
--> statement-breakpoint
CREATE TRIGGER note_amendments_no_truncate BEFORE TRUNCATE ON note_amendments
  FOR EACH STATEMENT EXECUTE FUNCTION stillpoint_note_immutable();
--> statement-breakpoint
-- TRUNCATE skips row triggers: refuse it on every table that holds signed clinical content.
CREATE OR REPLACE FUNCTION stillpoint_charting_no_truncate() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION '% holds signed clinical records: TRUNCATE refused', TG_TABLE_NAME USING ERRCODE = '42501';
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER encounters_no_truncate BEFORE TRUNCATE ON encounters
  FOR EACH STATEMENT EXECUTE FUNCTION stillpoint_charting_no_truncate();
--> statement-breakpoint
CREATE TRIGGER encounter_findings_no_truncate BEFORE TRUNCATE ON encounter_findings
  FOR EACH STATEMENT EXECUTE FUNCTION stillpoint_charting_no_truncate();
--> statement-breakpoint
CREATE TRIGGER encounter_diagnoses_no_truncate BEFORE TRUNCATE ON encounter_diagnoses
  FOR EACH STATEMENT EXECUTE FUNCTION stillpoint_charting_no_truncate();
--> statement-breakpoint
CREATE TRIGGER encounter_rom_no_truncate BEFORE TRUNCATE ON encounter_rom
  FOR EACH STATEMENT EXECUTE FUNCTION stillpoint_charting_no_truncate();
--> statement-breakpoint
CREATE TRIGGER encounter_treatments_no_truncate BEFORE TRUNCATE ON encounter_treatments
  FOR EACH STATEMENT EXECUTE FUNCTION stillpoint_charting_no_truncate();
--> statement-breakpoint
CREATE TRIGGER encounter_techniques_no_truncate BEFORE TRUNCATE ON encounter_techniques
  FOR EACH STATEMENT EXECUTE FUNCTION stillpoint_charting_no_truncate();
