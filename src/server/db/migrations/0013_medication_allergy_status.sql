CREATE TABLE "patient_list_statuses" (
	"clinic_id" uuid NOT NULL,
	"patient_id" uuid NOT NULL,
	"list" text NOT NULL,
	"status" text NOT NULL,
	"recorded_by" uuid,
	"recorded_at" timestamp with time zone NOT NULL,
	CONSTRAINT "patient_list_statuses_patient_id_list_pk" PRIMARY KEY("patient_id","list"),
	CONSTRAINT "patient_list_statuses_status_chk" CHECK (("patient_list_statuses"."list" = 'allergies' and "patient_list_statuses"."status" in ('unknown','none-known','recorded'))
        or ("patient_list_statuses"."list" = 'medications' and "patient_list_statuses"."status" in ('unknown','none','recorded')))
);
--> statement-breakpoint
ALTER TABLE "allergies" ADD COLUMN "code" text;--> statement-breakpoint
ALTER TABLE "medications" ADD COLUMN "code" text;--> statement-breakpoint
ALTER TABLE "patient_list_statuses" ADD CONSTRAINT "patient_list_statuses_clinic_id_clinics_id_fk" FOREIGN KEY ("clinic_id") REFERENCES "public"."clinics"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "patient_list_statuses" ADD CONSTRAINT "patient_list_statuses_patient_id_patients_id_fk" FOREIGN KEY ("patient_id") REFERENCES "public"."patients"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "patient_list_statuses" ADD CONSTRAINT "patient_list_statuses_recorded_by_users_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "patient_list_statuses_clinic_idx" ON "patient_list_statuses" USING btree ("clinic_id","patient_id");--> statement-breakpoint
ALTER TABLE "allergies" ADD CONSTRAINT "allergies_code_chk" CHECK ("allergies"."code" ~ '^[0-9]{1,10}$');--> statement-breakpoint
ALTER TABLE "medications" ADD CONSTRAINT "medications_code_chk" CHECK ("medications"."code" ~ '^[0-9]{1,10}$');