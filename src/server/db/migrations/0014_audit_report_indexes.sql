DROP INDEX "audit_patient_idx";--> statement-breakpoint
CREATE INDEX "audit_user_idx" ON "audit_events" USING btree ("clinic_id","user_id","at");--> statement-breakpoint
CREATE INDEX "audit_patient_idx" ON "audit_events" USING btree ("clinic_id","patient_id","at");