ALTER TABLE "encounters" DROP CONSTRAINT "encounters_status_chk";--> statement-breakpoint
ALTER TABLE "encounters" ADD COLUMN "appointment_id" uuid;--> statement-breakpoint
ALTER TABLE "encounters" ADD COLUMN "discarded_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "encounters" ADD COLUMN "discarded_by" uuid;--> statement-breakpoint
ALTER TABLE "encounters" ADD COLUMN "discard_reason" text;--> statement-breakpoint
ALTER TABLE "appointments" ADD COLUMN "reason" text;--> statement-breakpoint
ALTER TABLE "appointments" ADD COLUMN "pain_score" smallint;--> statement-breakpoint
ALTER TABLE "encounters" ADD CONSTRAINT "encounters_appointment_id_appointments_id_fk" FOREIGN KEY ("appointment_id") REFERENCES "public"."appointments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "encounters" ADD CONSTRAINT "encounters_discarded_by_users_id_fk" FOREIGN KEY ("discarded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "encounters_appointment_uq" ON "encounters" USING btree ("appointment_id") WHERE "encounters"."appointment_id" is not null and "encounters"."status" <> 'discarded';--> statement-breakpoint
ALTER TABLE "encounters" ADD CONSTRAINT "encounters_discarded_chk" CHECK (("encounters"."status" = 'discarded') = ("encounters"."discarded_at" is not null));--> statement-breakpoint
ALTER TABLE "encounters" ADD CONSTRAINT "encounters_status_chk" CHECK ("encounters"."status" in ('draft','signed','discarded'));--> statement-breakpoint
ALTER TABLE "appointments" ADD CONSTRAINT "appointments_pain_chk" CHECK ("appointments"."pain_score" between 0 and 10);--> statement-breakpoint
-- A discarded draft is a tombstone: like a signed note it refuses UPDATE and DELETE, and so do its
-- exam, ROM and treatment rows (the child trigger reads the same status).
CREATE OR REPLACE FUNCTION stillpoint_encounter_lock() RETURNS trigger AS $$
BEGIN
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
CREATE OR REPLACE FUNCTION stillpoint_encounter_child_lock() RETURNS trigger AS $$
DECLARE
  st text;
BEGIN
  IF TG_OP <> 'INSERT' THEN
    SELECT status INTO st FROM encounters WHERE id = OLD.encounter_id FOR SHARE;
    IF st IN ('signed', 'discarded') THEN
      RAISE EXCEPTION '% of encounter % is % and locked (% refused); add an amendment instead',
        TG_TABLE_NAME, OLD.encounter_id, st, TG_OP USING ERRCODE = '42501';
    END IF;
  END IF;
  IF TG_OP <> 'DELETE' THEN
    SELECT status INTO st FROM encounters WHERE id = NEW.encounter_id FOR SHARE;
    IF st IN ('signed', 'discarded') THEN
      RAISE EXCEPTION '% of encounter % is % and locked (% refused); add an amendment instead',
        TG_TABLE_NAME, NEW.encounter_id, st, TG_OP USING ERRCODE = '42501';
    END IF;
    RETURN NEW;
  END IF;
  RETURN OLD;
END;
$$ LANGUAGE plpgsql;
