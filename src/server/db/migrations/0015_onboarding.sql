CREATE TABLE "portal_invitations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"clinic_id" uuid NOT NULL,
	"patient_id" uuid NOT NULL,
	"email" text NOT NULL,
	"token_hash" text NOT NULL,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"accepted_at" timestamp with time zone,
	"revoked_at" timestamp with time zone,
	"user_id" uuid
);
--> statement-breakpoint
CREATE TABLE "self_signups" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"clinic_id" uuid NOT NULL,
	"given_name" text NOT NULL,
	"family_name" text NOT NULL,
	"birth_date" date NOT NULL,
	"email" text NOT NULL,
	"password_hash" text,
	"token_hash" text NOT NULL,
	"status" text DEFAULT 'unverified' NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"verified_at" timestamp with time zone,
	"review_reason" text,
	"candidates" jsonb,
	"patient_id" uuid,
	"user_id" uuid,
	"outcome" text,
	"decided_by" uuid,
	"decided_at" timestamp with time zone,
	CONSTRAINT "self_signups_status_chk" CHECK ("self_signups"."status" in ('unverified','review','active','rejected','superseded','expired')),
	CONSTRAINT "self_signups_outcome_chk" CHECK ("self_signups"."outcome" is null or "self_signups"."outcome" in ('linked','created'))
);
--> statement-breakpoint
ALTER TABLE "outbox_messages" DROP CONSTRAINT "outbox_kind_chk";--> statement-breakpoint
ALTER TABLE "clinics" ADD COLUMN "self_signup_requires_approval" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "portal_invitations" ADD CONSTRAINT "portal_invitations_clinic_id_clinics_id_fk" FOREIGN KEY ("clinic_id") REFERENCES "public"."clinics"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "portal_invitations" ADD CONSTRAINT "portal_invitations_patient_id_patients_id_fk" FOREIGN KEY ("patient_id") REFERENCES "public"."patients"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "portal_invitations" ADD CONSTRAINT "portal_invitations_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "portal_invitations" ADD CONSTRAINT "portal_invitations_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "self_signups" ADD CONSTRAINT "self_signups_clinic_id_clinics_id_fk" FOREIGN KEY ("clinic_id") REFERENCES "public"."clinics"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "self_signups" ADD CONSTRAINT "self_signups_patient_id_patients_id_fk" FOREIGN KEY ("patient_id") REFERENCES "public"."patients"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "self_signups" ADD CONSTRAINT "self_signups_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "self_signups" ADD CONSTRAINT "self_signups_decided_by_users_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "portal_invitations_token_uq" ON "portal_invitations" USING btree ("token_hash");--> statement-breakpoint
CREATE UNIQUE INDEX "portal_invitations_open_uq" ON "portal_invitations" USING btree ("patient_id") WHERE "portal_invitations"."accepted_at" is null and "portal_invitations"."revoked_at" is null;--> statement-breakpoint
CREATE INDEX "portal_invitations_clinic_idx" ON "portal_invitations" USING btree ("clinic_id","patient_id");--> statement-breakpoint
CREATE UNIQUE INDEX "self_signups_token_uq" ON "self_signups" USING btree ("token_hash");--> statement-breakpoint
CREATE INDEX "self_signups_clinic_status_idx" ON "self_signups" USING btree ("clinic_id","status","created_at");--> statement-breakpoint
CREATE INDEX "self_signups_email_idx" ON "self_signups" USING btree (lower("email"));--> statement-breakpoint
ALTER TABLE "outbox_messages" ADD CONSTRAINT "outbox_kind_chk" CHECK ("outbox_messages"."kind" in ('confirmation','reminder','cancellation','waitlist-offer','reschedule','portal-invitation','email-verification','account-notice'));