CREATE TABLE "directory_entries" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"practitioner_id" uuid,
	"clinic_id" uuid,
	"npi" text,
	"source" text NOT NULL,
	"published" boolean DEFAULT true NOT NULL,
	"name" text NOT NULL,
	"credentials" text[] DEFAULT '{}'::text[] NOT NULL,
	"board_certifications" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"faao" jsonb,
	"board_certified" boolean DEFAULT false NOT NULL,
	"techniques" text[] DEFAULT '{}'::text[] NOT NULL,
	"conditions" text[] DEFAULT '{}'::text[] NOT NULL,
	"ages" text[] DEFAULT '{}'::text[] NOT NULL,
	"languages" text[] DEFAULT '{}'::text[] NOT NULL,
	"insurance" text[] DEFAULT '{}'::text[] NOT NULL,
	"taxonomies" text[] DEFAULT '{}'::text[] NOT NULL,
	"accepting_new_patients" boolean DEFAULT false NOT NULL,
	"telehealth" boolean DEFAULT false NOT NULL,
	"online_booking" boolean DEFAULT false NOT NULL,
	"practice_name" text,
	"address" jsonb,
	"phone" text,
	"lat" double precision,
	"lng" double precision,
	"search_text" text NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"updated_by" uuid,
	CONSTRAINT "directory_entries_source_chk" CHECK ("directory_entries"."source" in ('clinic','registry')),
	CONSTRAINT "directory_entries_kind_chk" CHECK (("directory_entries"."source" = 'clinic') = ("directory_entries"."practitioner_id" is not null and "directory_entries"."clinic_id" is not null)),
	CONSTRAINT "directory_entries_location_chk" CHECK (("directory_entries"."lat" is null) = ("directory_entries"."lng" is null)),
	CONSTRAINT "directory_entries_coords_chk" CHECK ("directory_entries"."lat" between -90 and 90 and "directory_entries"."lng" between -180 and 180),
	CONSTRAINT "directory_entries_npi_chk" CHECK ("directory_entries"."npi" ~ '^[12][0-9]{9}$')
);
--> statement-breakpoint
CREATE TABLE "directory_reviews" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"clinic_id" uuid NOT NULL,
	"practitioner_id" uuid NOT NULL,
	"appointment_id" uuid NOT NULL,
	"patient_id" uuid NOT NULL,
	"rating" smallint NOT NULL,
	"text" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"hidden_at" timestamp with time zone,
	"hidden_reason" text,
	"hidden_by" uuid,
	CONSTRAINT "directory_reviews_rating_chk" CHECK ("directory_reviews"."rating" between 1 and 5),
	CONSTRAINT "directory_reviews_hidden_chk" CHECK (("directory_reviews"."hidden_at" is null) = ("directory_reviews"."hidden_reason" is null))
);
--> statement-breakpoint
ALTER TABLE "directory_entries" ADD CONSTRAINT "directory_entries_practitioner_id_practitioners_id_fk" FOREIGN KEY ("practitioner_id") REFERENCES "public"."practitioners"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "directory_entries" ADD CONSTRAINT "directory_entries_clinic_id_clinics_id_fk" FOREIGN KEY ("clinic_id") REFERENCES "public"."clinics"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "directory_entries" ADD CONSTRAINT "directory_entries_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "directory_reviews" ADD CONSTRAINT "directory_reviews_clinic_id_clinics_id_fk" FOREIGN KEY ("clinic_id") REFERENCES "public"."clinics"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "directory_reviews" ADD CONSTRAINT "directory_reviews_practitioner_id_practitioners_id_fk" FOREIGN KEY ("practitioner_id") REFERENCES "public"."practitioners"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "directory_reviews" ADD CONSTRAINT "directory_reviews_appointment_id_appointments_id_fk" FOREIGN KEY ("appointment_id") REFERENCES "public"."appointments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "directory_reviews" ADD CONSTRAINT "directory_reviews_patient_id_patients_id_fk" FOREIGN KEY ("patient_id") REFERENCES "public"."patients"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "directory_reviews" ADD CONSTRAINT "directory_reviews_hidden_by_users_id_fk" FOREIGN KEY ("hidden_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "directory_entries_practitioner_uq" ON "directory_entries" USING btree ("practitioner_id");--> statement-breakpoint
CREATE UNIQUE INDEX "directory_entries_npi_uq" ON "directory_entries" USING btree ("npi");--> statement-breakpoint
CREATE INDEX "directory_entries_name_idx" ON "directory_entries" USING btree ("name","id");--> statement-breakpoint
CREATE INDEX "directory_entries_clinic_idx" ON "directory_entries" USING btree ("clinic_id");--> statement-breakpoint
CREATE UNIQUE INDEX "directory_reviews_appointment_uq" ON "directory_reviews" USING btree ("appointment_id");--> statement-breakpoint
CREATE INDEX "directory_reviews_practitioner_idx" ON "directory_reviews" USING btree ("practitioner_id","created_at");--> statement-breakpoint
CREATE INDEX "directory_reviews_clinic_idx" ON "directory_reviews" USING btree ("clinic_id","created_at");--> statement-breakpoint
-- Hand-written: search indexes drizzle cannot express. Distance: a GiST index on the earth point
-- (earth_box(...) @> ll_to_earth(lat, lng) uses it); text: trigram GIN on the search text (the
-- `%` and `<%` operators use it); filters: GIN on the listed values.
CREATE INDEX "directory_entries_earth_idx" ON "directory_entries" USING gist (ll_to_earth("lat", "lng")) WHERE "published" AND "lat" IS NOT NULL;--> statement-breakpoint
CREATE INDEX "directory_entries_search_trgm_idx" ON "directory_entries" USING gin ("search_text" gin_trgm_ops) WHERE "published";--> statement-breakpoint
CREATE INDEX "directory_entries_techniques_idx" ON "directory_entries" USING gin ("techniques");--> statement-breakpoint
CREATE INDEX "directory_entries_conditions_idx" ON "directory_entries" USING gin ("conditions");--> statement-breakpoint
CREATE INDEX "directory_entries_languages_idx" ON "directory_entries" USING gin ("languages");--> statement-breakpoint
CREATE INDEX "directory_entries_insurance_idx" ON "directory_entries" USING gin ("insurance");--> statement-breakpoint
CREATE INDEX "directory_entries_bookable_idx" ON "directory_entries" ("name", "id") WHERE "published" AND "practitioner_id" IS NOT NULL;--> statement-breakpoint
CREATE INDEX "directory_entries_bookable_earth_idx" ON "directory_entries" USING gist (ll_to_earth("lat", "lng")) WHERE "published" AND "practitioner_id" IS NOT NULL AND "lat" IS NOT NULL;
