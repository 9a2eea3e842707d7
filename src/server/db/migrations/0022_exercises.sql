CREATE TABLE "clinic_exercises" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"clinic_id" uuid NOT NULL,
	"name" text NOT NULL,
	"purpose" text NOT NULL,
	"steps" jsonb NOT NULL,
	"cautions" jsonb NOT NULL,
	"regions" jsonb NOT NULL,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "exercise_prescriptions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"clinic_id" uuid NOT NULL,
	"patient_id" uuid NOT NULL,
	"builtin_exercise" text,
	"clinic_exercise_id" uuid,
	"care_plan_id" uuid,
	"sets" integer NOT NULL,
	"reps" integer NOT NULL,
	"hold_seconds" integer,
	"times_per_day" integer NOT NULL,
	"days_per_week" integer NOT NULL,
	"notes" text,
	"start" date NOT NULL,
	"stopped_at" timestamp with time zone,
	"stopped_by" uuid,
	"prescribed_by" uuid NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "exercise_prescriptions_one_exercise" CHECK (("exercise_prescriptions"."builtin_exercise" is null) <> ("exercise_prescriptions"."clinic_exercise_id" is null)),
	CONSTRAINT "exercise_prescriptions_dose" CHECK ("exercise_prescriptions"."sets" between 1 and 20 and "exercise_prescriptions"."reps" between 1 and 100
          and ("exercise_prescriptions"."hold_seconds" is null or "exercise_prescriptions"."hold_seconds" between 1 and 600)
          and "exercise_prescriptions"."times_per_day" between 1 and 6 and "exercise_prescriptions"."days_per_week" between 1 and 7)
);
--> statement-breakpoint
CREATE TABLE "exercise_sessions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"clinic_id" uuid NOT NULL,
	"prescription_id" uuid NOT NULL,
	"date" date NOT NULL,
	"logged_by" uuid NOT NULL,
	"logged_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "clinic_exercises" ADD CONSTRAINT "clinic_exercises_clinic_id_clinics_id_fk" FOREIGN KEY ("clinic_id") REFERENCES "public"."clinics"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "clinic_exercises" ADD CONSTRAINT "clinic_exercises_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "exercise_prescriptions" ADD CONSTRAINT "exercise_prescriptions_clinic_id_clinics_id_fk" FOREIGN KEY ("clinic_id") REFERENCES "public"."clinics"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "exercise_prescriptions" ADD CONSTRAINT "exercise_prescriptions_patient_id_patients_id_fk" FOREIGN KEY ("patient_id") REFERENCES "public"."patients"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "exercise_prescriptions" ADD CONSTRAINT "exercise_prescriptions_clinic_exercise_id_clinic_exercises_id_fk" FOREIGN KEY ("clinic_exercise_id") REFERENCES "public"."clinic_exercises"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "exercise_prescriptions" ADD CONSTRAINT "exercise_prescriptions_care_plan_id_care_plans_id_fk" FOREIGN KEY ("care_plan_id") REFERENCES "public"."care_plans"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "exercise_prescriptions" ADD CONSTRAINT "exercise_prescriptions_stopped_by_users_id_fk" FOREIGN KEY ("stopped_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "exercise_prescriptions" ADD CONSTRAINT "exercise_prescriptions_prescribed_by_users_id_fk" FOREIGN KEY ("prescribed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "exercise_sessions" ADD CONSTRAINT "exercise_sessions_clinic_id_clinics_id_fk" FOREIGN KEY ("clinic_id") REFERENCES "public"."clinics"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "exercise_sessions" ADD CONSTRAINT "exercise_sessions_prescription_id_exercise_prescriptions_id_fk" FOREIGN KEY ("prescription_id") REFERENCES "public"."exercise_prescriptions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "exercise_sessions" ADD CONSTRAINT "exercise_sessions_logged_by_users_id_fk" FOREIGN KEY ("logged_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "clinic_exercises_clinic_idx" ON "clinic_exercises" USING btree ("clinic_id");--> statement-breakpoint
CREATE INDEX "exercise_prescriptions_patient_idx" ON "exercise_prescriptions" USING btree ("clinic_id","patient_id");--> statement-breakpoint
CREATE INDEX "exercise_sessions_prescription_idx" ON "exercise_sessions" USING btree ("clinic_id","prescription_id","date");