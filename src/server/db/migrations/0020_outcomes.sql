CREATE TABLE "care_plans" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"clinic_id" uuid NOT NULL,
	"patient_id" uuid NOT NULL,
	"title" text NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"problems" jsonb NOT NULL,
	"goals" jsonb NOT NULL,
	"activities" jsonb NOT NULL,
	"start" date NOT NULL,
	"review_date" date NOT NULL,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"signed_by" uuid,
	"signed_at" timestamp with time zone,
	CONSTRAINT "care_plans_status_chk" CHECK ("care_plans"."status" in ('draft','active','on-hold','completed','revoked')),
	CONSTRAINT "care_plans_review_after_start" CHECK ("care_plans"."review_date" >= "care_plans"."start"),
	CONSTRAINT "care_plans_signed_chk" CHECK ("care_plans"."status" = 'draft' or "care_plans"."status" = 'revoked' or "care_plans"."signed_at" is not null)
);
--> statement-breakpoint
CREATE TABLE "outcome_instrument_settings" (
	"clinic_id" uuid NOT NULL,
	"instrument" text NOT NULL,
	"enabled" boolean NOT NULL,
	"licence_reference" text,
	"threshold_points" double precision,
	"threshold_percent" double precision,
	"updated_by" uuid NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "outcome_instrument_settings_clinic_id_instrument_pk" PRIMARY KEY("clinic_id","instrument"),
	CONSTRAINT "outcome_settings_percent_needs_points" CHECK ("outcome_instrument_settings"."threshold_percent" is null or "outcome_instrument_settings"."threshold_points" is not null)
);
--> statement-breakpoint
CREATE TABLE "outcome_observations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"clinic_id" uuid NOT NULL,
	"patient_id" uuid NOT NULL,
	"response_id" uuid NOT NULL,
	"instrument" text NOT NULL,
	"effective" timestamp with time zone NOT NULL,
	"score" double precision NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "questionnaire_responses" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"clinic_id" uuid NOT NULL,
	"patient_id" uuid NOT NULL,
	"instrument" text NOT NULL,
	"instrument_version" text NOT NULL,
	"authored" timestamp with time zone NOT NULL,
	"answers" jsonb NOT NULL,
	"author_user_id" uuid NOT NULL,
	"licence_reference" text,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "care_plans" ADD CONSTRAINT "care_plans_clinic_id_clinics_id_fk" FOREIGN KEY ("clinic_id") REFERENCES "public"."clinics"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "care_plans" ADD CONSTRAINT "care_plans_patient_id_patients_id_fk" FOREIGN KEY ("patient_id") REFERENCES "public"."patients"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "care_plans" ADD CONSTRAINT "care_plans_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "care_plans" ADD CONSTRAINT "care_plans_signed_by_users_id_fk" FOREIGN KEY ("signed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "outcome_instrument_settings" ADD CONSTRAINT "outcome_instrument_settings_clinic_id_clinics_id_fk" FOREIGN KEY ("clinic_id") REFERENCES "public"."clinics"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "outcome_instrument_settings" ADD CONSTRAINT "outcome_instrument_settings_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "outcome_observations" ADD CONSTRAINT "outcome_observations_clinic_id_clinics_id_fk" FOREIGN KEY ("clinic_id") REFERENCES "public"."clinics"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "outcome_observations" ADD CONSTRAINT "outcome_observations_patient_id_patients_id_fk" FOREIGN KEY ("patient_id") REFERENCES "public"."patients"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "outcome_observations" ADD CONSTRAINT "outcome_observations_response_id_questionnaire_responses_id_fk" FOREIGN KEY ("response_id") REFERENCES "public"."questionnaire_responses"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "questionnaire_responses" ADD CONSTRAINT "questionnaire_responses_clinic_id_clinics_id_fk" FOREIGN KEY ("clinic_id") REFERENCES "public"."clinics"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "questionnaire_responses" ADD CONSTRAINT "questionnaire_responses_patient_id_patients_id_fk" FOREIGN KEY ("patient_id") REFERENCES "public"."patients"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "questionnaire_responses" ADD CONSTRAINT "questionnaire_responses_author_user_id_users_id_fk" FOREIGN KEY ("author_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "care_plans_patient_idx" ON "care_plans" USING btree ("clinic_id","patient_id");--> statement-breakpoint
CREATE INDEX "outcome_observations_series_idx" ON "outcome_observations" USING btree ("clinic_id","patient_id","instrument","effective");--> statement-breakpoint
CREATE INDEX "outcome_observations_report_idx" ON "outcome_observations" USING btree ("clinic_id","instrument","effective");--> statement-breakpoint
CREATE INDEX "questionnaire_responses_patient_idx" ON "questionnaire_responses" USING btree ("clinic_id","patient_id","instrument");