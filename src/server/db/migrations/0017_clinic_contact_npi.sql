ALTER TABLE "clinics" ADD COLUMN "phone" text;--> statement-breakpoint
ALTER TABLE "clinics" ADD COLUMN "email" text;--> statement-breakpoint
ALTER TABLE "practitioners" ADD COLUMN "npi" text;--> statement-breakpoint
ALTER TABLE "practitioners" ADD CONSTRAINT "practitioners_npi_chk" CHECK ("practitioners"."npi" ~ '^[12][0-9]{9}$');