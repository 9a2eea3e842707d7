CREATE TABLE "outcome_series_summary" (
	"clinic_id" uuid NOT NULL,
	"instrument" text NOT NULL,
	"patient_id" uuid NOT NULL,
	"scores" integer NOT NULL,
	"first_score" double precision NOT NULL,
	"first_effective" timestamp with time zone NOT NULL,
	"first_created_at" timestamp with time zone NOT NULL,
	"first_id" uuid NOT NULL,
	"last_score" double precision NOT NULL,
	"last_effective" timestamp with time zone NOT NULL,
	"last_created_at" timestamp with time zone NOT NULL,
	"last_id" uuid NOT NULL,
	CONSTRAINT "outcome_series_summary_clinic_id_instrument_patient_id_pk" PRIMARY KEY("clinic_id","instrument","patient_id")
);
--> statement-breakpoint
CREATE TABLE "questionnaire_requests" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"clinic_id" uuid NOT NULL,
	"patient_id" uuid NOT NULL,
	"appointment_id" uuid NOT NULL,
	"appointment_start" timestamp with time zone NOT NULL,
	"instruments" jsonb NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"answered_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "questionnaire_schedules" (
	"clinic_id" uuid PRIMARY KEY NOT NULL,
	"enabled" boolean NOT NULL,
	"instruments" jsonb NOT NULL,
	"rule" text NOT NULL,
	"every" integer,
	"lead_hours" integer NOT NULL,
	"audience" text NOT NULL,
	"updated_by" uuid NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "questionnaire_schedules_rule_chk" CHECK ("questionnaire_schedules"."rule" in ('every-visit','every-n-visits','every-n-days')),
	CONSTRAINT "questionnaire_schedules_audience_chk" CHECK ("questionnaire_schedules"."audience" in ('care-plan','all')),
	CONSTRAINT "questionnaire_schedules_every_chk" CHECK (("questionnaire_schedules"."rule" = 'every-visit') = ("questionnaire_schedules"."every" is null)),
	CONSTRAINT "questionnaire_schedules_lead_chk" CHECK ("questionnaire_schedules"."lead_hours" between 1 and 336)
);
--> statement-breakpoint
ALTER TABLE "questionnaire_responses" ADD COLUMN "request_id" uuid;--> statement-breakpoint
ALTER TABLE "outcome_series_summary" ADD CONSTRAINT "outcome_series_summary_clinic_id_clinics_id_fk" FOREIGN KEY ("clinic_id") REFERENCES "public"."clinics"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "outcome_series_summary" ADD CONSTRAINT "outcome_series_summary_patient_id_patients_id_fk" FOREIGN KEY ("patient_id") REFERENCES "public"."patients"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "questionnaire_requests" ADD CONSTRAINT "questionnaire_requests_clinic_id_clinics_id_fk" FOREIGN KEY ("clinic_id") REFERENCES "public"."clinics"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "questionnaire_requests" ADD CONSTRAINT "questionnaire_requests_patient_id_patients_id_fk" FOREIGN KEY ("patient_id") REFERENCES "public"."patients"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "questionnaire_schedules" ADD CONSTRAINT "questionnaire_schedules_clinic_id_clinics_id_fk" FOREIGN KEY ("clinic_id") REFERENCES "public"."clinics"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "questionnaire_schedules" ADD CONSTRAINT "questionnaire_schedules_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "questionnaire_requests_appointment_uq" ON "questionnaire_requests" USING btree ("appointment_id");--> statement-breakpoint
CREATE INDEX "questionnaire_requests_patient_idx" ON "questionnaire_requests" USING btree ("clinic_id","patient_id","appointment_start");--> statement-breakpoint
ALTER TABLE "questionnaire_responses" ADD CONSTRAINT "questionnaire_responses_request_id_questionnaire_requests_id_fk" FOREIGN KEY ("request_id") REFERENCES "public"."questionnaire_requests"("id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
-- Backfill: one row per patient and instrument, first and latest in the report's order.
INSERT INTO "outcome_series_summary"
SELECT f.clinic_id, f.instrument, f.patient_id, n.scores,
       f.score, f.effective, f.created_at, f.id,
       l.score, l.effective, l.created_at, l.id
FROM (SELECT DISTINCT ON (clinic_id, instrument, patient_id) * FROM outcome_observations
      ORDER BY clinic_id, instrument, patient_id, effective, created_at, id) f
JOIN (SELECT DISTINCT ON (clinic_id, instrument, patient_id) * FROM outcome_observations
      ORDER BY clinic_id, instrument, patient_id, effective DESC, created_at DESC, id DESC) l
  ON l.clinic_id = f.clinic_id AND l.instrument = f.instrument AND l.patient_id = f.patient_id
JOIN (SELECT clinic_id, instrument, patient_id, count(*)::int AS scores FROM outcome_observations
      GROUP BY clinic_id, instrument, patient_id) n
  ON n.clinic_id = f.clinic_id AND n.instrument = f.instrument AND n.patient_id = f.patient_id;
--> statement-breakpoint
-- Recomputes one patient's summary on one instrument from its scores (none left: no row).
CREATE OR REPLACE FUNCTION stillpoint_outcome_summary_refresh(c uuid, p uuid, i text) RETURNS void AS $$
BEGIN
  DELETE FROM outcome_series_summary WHERE clinic_id = c AND instrument = i AND patient_id = p;
  INSERT INTO outcome_series_summary
  SELECT c, i, p,
         (SELECT count(*)::int FROM outcome_observations WHERE clinic_id = c AND patient_id = p AND instrument = i),
         f.score, f.effective, f.created_at, f.id, l.score, l.effective, l.created_at, l.id
  FROM (SELECT * FROM outcome_observations WHERE clinic_id = c AND patient_id = p AND instrument = i
        ORDER BY effective, created_at, id LIMIT 1) f,
       (SELECT * FROM outcome_observations WHERE clinic_id = c AND patient_id = p AND instrument = i
        ORDER BY effective DESC, created_at DESC, id DESC LIMIT 1) l;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
-- Keeps outcome_series_summary in step with every score written (the common case: one comparison
-- with the stored first and latest), moved by a patient merge or removed (recomputed).
CREATE OR REPLACE FUNCTION stillpoint_outcome_summary_sync() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO outcome_series_summary
    VALUES (NEW.clinic_id, NEW.instrument, NEW.patient_id, 1,
            NEW.score, NEW.effective, NEW.created_at, NEW.id,
            NEW.score, NEW.effective, NEW.created_at, NEW.id)
    ON CONFLICT (clinic_id, instrument, patient_id) DO NOTHING;
    IF NOT FOUND THEN
      UPDATE outcome_series_summary s
         SET scores = s.scores + 1,
             first_score = CASE WHEN (NEW.effective, NEW.created_at, NEW.id) < (s.first_effective, s.first_created_at, s.first_id) THEN NEW.score ELSE s.first_score END,
             first_effective = CASE WHEN (NEW.effective, NEW.created_at, NEW.id) < (s.first_effective, s.first_created_at, s.first_id) THEN NEW.effective ELSE s.first_effective END,
             first_created_at = CASE WHEN (NEW.effective, NEW.created_at, NEW.id) < (s.first_effective, s.first_created_at, s.first_id) THEN NEW.created_at ELSE s.first_created_at END,
             first_id = CASE WHEN (NEW.effective, NEW.created_at, NEW.id) < (s.first_effective, s.first_created_at, s.first_id) THEN NEW.id ELSE s.first_id END,
             last_score = CASE WHEN (NEW.effective, NEW.created_at, NEW.id) > (s.last_effective, s.last_created_at, s.last_id) THEN NEW.score ELSE s.last_score END,
             last_effective = CASE WHEN (NEW.effective, NEW.created_at, NEW.id) > (s.last_effective, s.last_created_at, s.last_id) THEN NEW.effective ELSE s.last_effective END,
             last_created_at = CASE WHEN (NEW.effective, NEW.created_at, NEW.id) > (s.last_effective, s.last_created_at, s.last_id) THEN NEW.created_at ELSE s.last_created_at END,
             last_id = CASE WHEN (NEW.effective, NEW.created_at, NEW.id) > (s.last_effective, s.last_created_at, s.last_id) THEN NEW.id ELSE s.last_id END
       WHERE s.clinic_id = NEW.clinic_id AND s.instrument = NEW.instrument AND s.patient_id = NEW.patient_id;
    END IF;
    RETURN NULL;
  END IF;
  PERFORM stillpoint_outcome_summary_refresh(OLD.clinic_id, OLD.patient_id, OLD.instrument);
  IF TG_OP = 'UPDATE' THEN
    PERFORM stillpoint_outcome_summary_refresh(NEW.clinic_id, NEW.patient_id, NEW.instrument);
  END IF;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER outcome_observations_summary AFTER INSERT OR UPDATE OR DELETE ON outcome_observations
  FOR EACH ROW EXECUTE FUNCTION stillpoint_outcome_summary_sync();
