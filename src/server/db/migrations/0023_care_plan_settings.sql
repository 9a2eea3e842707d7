CREATE TABLE "care_plan_settings" (
	"clinic_id" uuid PRIMARY KEY NOT NULL,
	"modality_policy" text DEFAULT 'warn' NOT NULL,
	"updated_by" uuid NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "care_plan_settings_policy_chk" CHECK ("care_plan_settings"."modality_policy" in ('warn','block'))
);
--> statement-breakpoint
ALTER TABLE "care_plan_settings" ADD CONSTRAINT "care_plan_settings_clinic_id_clinics_id_fk" FOREIGN KEY ("clinic_id") REFERENCES "public"."clinics"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "care_plan_settings" ADD CONSTRAINT "care_plan_settings_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;
