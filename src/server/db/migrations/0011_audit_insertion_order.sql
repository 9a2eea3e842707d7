DROP INDEX "audit_unsealed_idx";--> statement-breakpoint
ALTER TABLE "audit_events" ADD COLUMN "n" bigint NOT NULL GENERATED ALWAYS AS IDENTITY (sequence name "audit_events_n_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1);--> statement-breakpoint
CREATE INDEX "audit_unsealed_idx" ON "audit_events" USING btree ("chain","n") WHERE "audit_events"."hash" is null;