CREATE TABLE "clinic_omt_settings" (
	"clinic_id" uuid PRIMARY KEY NOT NULL,
	"safety_policy" text DEFAULT 'strict' NOT NULL,
	"allow_contraindicated_override" boolean DEFAULT false NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid,
	CONSTRAINT "clinic_omt_settings_policy_chk" CHECK ("clinic_omt_settings"."safety_policy" in ('strict','lenient'))
);
--> statement-breakpoint
CREATE TABLE "encounter_diagnoses" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"clinic_id" uuid NOT NULL,
	"encounter_id" uuid NOT NULL,
	"region" text NOT NULL,
	"position" integer NOT NULL,
	"input" text NOT NULL,
	"notation" text NOT NULL,
	"from_segment" text NOT NULL,
	"to_segment" text NOT NULL,
	"sagittal" text NOT NULL,
	"rotation" text NOT NULL,
	"sidebend" text NOT NULL,
	"fryette_type" text NOT NULL,
	"warnings" jsonb DEFAULT '[]'::jsonb NOT NULL,
	CONSTRAINT "encounter_diagnoses_region_chk" CHECK (region in ('head','cervical','thoracic','lumbar','sacral','pelvic','lower-extremity','upper-extremity','rib-cage','abdomen')),
	CONSTRAINT "encounter_diagnoses_sagittal_chk" CHECK ("encounter_diagnoses"."sagittal" in ('N','F','E')),
	CONSTRAINT "encounter_diagnoses_sides_chk" CHECK ("encounter_diagnoses"."rotation" in ('L','R') and "encounter_diagnoses"."sidebend" in ('L','R'))
);
--> statement-breakpoint
CREATE TABLE "encounter_findings" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"clinic_id" uuid NOT NULL,
	"encounter_id" uuid NOT NULL,
	"region" text NOT NULL,
	"position" integer NOT NULL,
	"tissue_texture" smallint,
	"asymmetry" smallint,
	"restriction" smallint,
	"tenderness" smallint,
	"other_diagnoses" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"tender_points" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"note" text,
	CONSTRAINT "encounter_findings_region_chk" CHECK (region in ('head','cervical','thoracic','lumbar','sacral','pelvic','lower-extremity','upper-extremity','rib-cage','abdomen')),
	CONSTRAINT "encounter_findings_tart_chk" CHECK (coalesce("encounter_findings"."tissue_texture", 0) between 0 and 3 and coalesce("encounter_findings"."asymmetry", 0) between 0 and 3 and coalesce("encounter_findings"."restriction", 0) between 0 and 3 and coalesce("encounter_findings"."tenderness", 0) between 0 and 3)
);
--> statement-breakpoint
CREATE TABLE "encounter_notes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"clinic_id" uuid NOT NULL,
	"encounter_id" uuid NOT NULL,
	"patient_id" uuid NOT NULL,
	"subjective" text NOT NULL,
	"objective" text NOT NULL,
	"assessment" text NOT NULL,
	"plan" text NOT NULL,
	"coding" jsonb NOT NULL,
	"signed_by" uuid NOT NULL,
	"signed_by_name" text NOT NULL,
	"signed_at" timestamp with time zone NOT NULL,
	"content_hash" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "encounter_rom" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"clinic_id" uuid NOT NULL,
	"encounter_id" uuid NOT NULL,
	"region" text NOT NULL,
	"position" integer NOT NULL,
	"joint" text NOT NULL,
	"motion" text NOT NULL,
	"side" text,
	"phase" text NOT NULL,
	"degrees" double precision NOT NULL,
	"norm_set" text NOT NULL,
	"normal_low" double precision NOT NULL,
	"normal_high" double precision NOT NULL,
	"percent_of_normal" double precision NOT NULL,
	CONSTRAINT "encounter_rom_region_chk" CHECK (region in ('head','cervical','thoracic','lumbar','sacral','pelvic','lower-extremity','upper-extremity','rib-cage','abdomen')),
	CONSTRAINT "encounter_rom_phase_chk" CHECK ("encounter_rom"."phase" in ('pre','post')),
	CONSTRAINT "encounter_rom_side_chk" CHECK ("encounter_rom"."side" is null or "encounter_rom"."side" in ('L','R')),
	CONSTRAINT "encounter_rom_degrees_chk" CHECK ("encounter_rom"."degrees" between 0 and 360)
);
--> statement-breakpoint
CREATE TABLE "encounter_techniques" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"clinic_id" uuid NOT NULL,
	"encounter_id" uuid NOT NULL,
	"treatment_id" uuid NOT NULL,
	"region" text NOT NULL,
	"position" integer NOT NULL,
	"technique" text NOT NULL,
	"hold_seconds" integer,
	"repetitions" integer,
	"tender_point" text,
	"note" text,
	"safety_verdict" text NOT NULL,
	"safety_rules" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"safety_reason" text,
	"override" boolean DEFAULT false NOT NULL,
	CONSTRAINT "encounter_techniques_verdict_chk" CHECK ("encounter_techniques"."safety_verdict" in ('ok','caution','contraindicated')),
	CONSTRAINT "encounter_techniques_reason_chk" CHECK (("encounter_techniques"."safety_verdict" = 'ok') or ("encounter_techniques"."safety_reason" is not null and length("encounter_techniques"."safety_reason") > 0)),
	CONSTRAINT "encounter_techniques_override_chk" CHECK (("encounter_techniques"."safety_verdict" = 'contraindicated') = "encounter_techniques"."override")
);
--> statement-breakpoint
CREATE TABLE "encounter_treatments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"clinic_id" uuid NOT NULL,
	"encounter_id" uuid NOT NULL,
	"region" text NOT NULL,
	"position" integer NOT NULL,
	"response" text,
	"tolerance" text,
	"adverse_events" text,
	CONSTRAINT "encounter_treatments_region_chk" CHECK (region in ('head','cervical','thoracic','lumbar','sacral','pelvic','lower-extremity','upper-extremity','rib-cage','abdomen')),
	CONSTRAINT "encounter_treatments_response_chk" CHECK ("encounter_treatments"."response" is null or "encounter_treatments"."response" in ('resolved','improved','unchanged','worse')),
	CONSTRAINT "encounter_treatments_tolerance_chk" CHECK ("encounter_treatments"."tolerance" is null or "encounter_treatments"."tolerance" in ('good','fair','poor'))
);
--> statement-breakpoint
CREATE TABLE "encounters" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"clinic_id" uuid NOT NULL,
	"patient_id" uuid NOT NULL,
	"practitioner_id" uuid,
	"created_by" uuid NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"occurred_at" timestamp with time zone NOT NULL,
	"chief_complaint" text DEFAULT '' NOT NULL,
	"history_update" text DEFAULT '' NOT NULL,
	"pain_before" smallint,
	"pain_after" smallint,
	"consent_omt" text DEFAULT 'not-asked' NOT NULL,
	"consent_hvla" text DEFAULT 'not-asked' NOT NULL,
	"consent_note" text,
	"same_day_em" jsonb,
	"red_flag_reason" text,
	"note_additions" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"follow_up" text,
	"safety_policy" text DEFAULT 'strict' NOT NULL,
	"version" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"signed_at" timestamp with time zone,
	"signed_by" uuid,
	CONSTRAINT "encounters_status_chk" CHECK ("encounters"."status" in ('draft','signed')),
	CONSTRAINT "encounters_signed_chk" CHECK (("encounters"."status" = 'signed') = ("encounters"."signed_at" is not null)),
	CONSTRAINT "encounters_pain_before_chk" CHECK ("encounters"."pain_before" between 0 and 10),
	CONSTRAINT "encounters_pain_after_chk" CHECK ("encounters"."pain_after" between 0 and 10),
	CONSTRAINT "encounters_consent_omt_chk" CHECK (consent_omt in ('given','declined','not-asked')),
	CONSTRAINT "encounters_consent_hvla_chk" CHECK (consent_hvla in ('given','declined','not-asked'))
);
--> statement-breakpoint
CREATE TABLE "note_amendments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"clinic_id" uuid NOT NULL,
	"note_id" uuid NOT NULL,
	"encounter_id" uuid NOT NULL,
	"patient_id" uuid NOT NULL,
	"author_id" uuid NOT NULL,
	"author_name" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"section" text NOT NULL,
	"reason" text NOT NULL,
	"text" text NOT NULL,
	CONSTRAINT "note_amendments_section_chk" CHECK ("note_amendments"."section" in ('subjective','objective','assessment','plan','general'))
);
--> statement-breakpoint
ALTER TABLE "clinic_omt_settings" ADD CONSTRAINT "clinic_omt_settings_clinic_id_clinics_id_fk" FOREIGN KEY ("clinic_id") REFERENCES "public"."clinics"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "clinic_omt_settings" ADD CONSTRAINT "clinic_omt_settings_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "encounter_diagnoses" ADD CONSTRAINT "encounter_diagnoses_clinic_id_clinics_id_fk" FOREIGN KEY ("clinic_id") REFERENCES "public"."clinics"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "encounter_diagnoses" ADD CONSTRAINT "encounter_diagnoses_encounter_id_encounters_id_fk" FOREIGN KEY ("encounter_id") REFERENCES "public"."encounters"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "encounter_findings" ADD CONSTRAINT "encounter_findings_clinic_id_clinics_id_fk" FOREIGN KEY ("clinic_id") REFERENCES "public"."clinics"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "encounter_findings" ADD CONSTRAINT "encounter_findings_encounter_id_encounters_id_fk" FOREIGN KEY ("encounter_id") REFERENCES "public"."encounters"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "encounter_notes" ADD CONSTRAINT "encounter_notes_clinic_id_clinics_id_fk" FOREIGN KEY ("clinic_id") REFERENCES "public"."clinics"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "encounter_notes" ADD CONSTRAINT "encounter_notes_encounter_id_encounters_id_fk" FOREIGN KEY ("encounter_id") REFERENCES "public"."encounters"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "encounter_notes" ADD CONSTRAINT "encounter_notes_patient_id_patients_id_fk" FOREIGN KEY ("patient_id") REFERENCES "public"."patients"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "encounter_notes" ADD CONSTRAINT "encounter_notes_signed_by_users_id_fk" FOREIGN KEY ("signed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "encounter_rom" ADD CONSTRAINT "encounter_rom_clinic_id_clinics_id_fk" FOREIGN KEY ("clinic_id") REFERENCES "public"."clinics"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "encounter_rom" ADD CONSTRAINT "encounter_rom_encounter_id_encounters_id_fk" FOREIGN KEY ("encounter_id") REFERENCES "public"."encounters"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "encounter_techniques" ADD CONSTRAINT "encounter_techniques_clinic_id_clinics_id_fk" FOREIGN KEY ("clinic_id") REFERENCES "public"."clinics"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "encounter_techniques" ADD CONSTRAINT "encounter_techniques_encounter_id_encounters_id_fk" FOREIGN KEY ("encounter_id") REFERENCES "public"."encounters"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "encounter_techniques" ADD CONSTRAINT "encounter_techniques_treatment_id_encounter_treatments_id_fk" FOREIGN KEY ("treatment_id") REFERENCES "public"."encounter_treatments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "encounter_treatments" ADD CONSTRAINT "encounter_treatments_clinic_id_clinics_id_fk" FOREIGN KEY ("clinic_id") REFERENCES "public"."clinics"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "encounter_treatments" ADD CONSTRAINT "encounter_treatments_encounter_id_encounters_id_fk" FOREIGN KEY ("encounter_id") REFERENCES "public"."encounters"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "encounters" ADD CONSTRAINT "encounters_clinic_id_clinics_id_fk" FOREIGN KEY ("clinic_id") REFERENCES "public"."clinics"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "encounters" ADD CONSTRAINT "encounters_patient_id_patients_id_fk" FOREIGN KEY ("patient_id") REFERENCES "public"."patients"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "encounters" ADD CONSTRAINT "encounters_practitioner_id_practitioners_id_fk" FOREIGN KEY ("practitioner_id") REFERENCES "public"."practitioners"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "encounters" ADD CONSTRAINT "encounters_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "encounters" ADD CONSTRAINT "encounters_signed_by_users_id_fk" FOREIGN KEY ("signed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "note_amendments" ADD CONSTRAINT "note_amendments_clinic_id_clinics_id_fk" FOREIGN KEY ("clinic_id") REFERENCES "public"."clinics"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "note_amendments" ADD CONSTRAINT "note_amendments_note_id_encounter_notes_id_fk" FOREIGN KEY ("note_id") REFERENCES "public"."encounter_notes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "note_amendments" ADD CONSTRAINT "note_amendments_encounter_id_encounters_id_fk" FOREIGN KEY ("encounter_id") REFERENCES "public"."encounters"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "note_amendments" ADD CONSTRAINT "note_amendments_patient_id_patients_id_fk" FOREIGN KEY ("patient_id") REFERENCES "public"."patients"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "note_amendments" ADD CONSTRAINT "note_amendments_author_id_users_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "encounter_diagnoses_idx" ON "encounter_diagnoses" USING btree ("clinic_id","encounter_id");--> statement-breakpoint
CREATE UNIQUE INDEX "encounter_findings_region_uq" ON "encounter_findings" USING btree ("encounter_id","region");--> statement-breakpoint
CREATE INDEX "encounter_findings_clinic_idx" ON "encounter_findings" USING btree ("clinic_id","encounter_id");--> statement-breakpoint
CREATE UNIQUE INDEX "encounter_notes_encounter_uq" ON "encounter_notes" USING btree ("encounter_id");--> statement-breakpoint
CREATE INDEX "encounter_notes_patient_idx" ON "encounter_notes" USING btree ("clinic_id","patient_id");--> statement-breakpoint
CREATE INDEX "encounter_rom_idx" ON "encounter_rom" USING btree ("clinic_id","encounter_id");--> statement-breakpoint
CREATE INDEX "encounter_techniques_idx" ON "encounter_techniques" USING btree ("clinic_id","encounter_id");--> statement-breakpoint
CREATE UNIQUE INDEX "encounter_treatments_region_uq" ON "encounter_treatments" USING btree ("encounter_id","region");--> statement-breakpoint
CREATE INDEX "encounter_treatments_clinic_idx" ON "encounter_treatments" USING btree ("clinic_id","encounter_id");--> statement-breakpoint
CREATE INDEX "encounters_patient_idx" ON "encounters" USING btree ("clinic_id","patient_id","occurred_at");--> statement-breakpoint
CREATE INDEX "note_amendments_note_idx" ON "note_amendments" USING btree ("clinic_id","note_id","created_at");