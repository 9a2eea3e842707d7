ALTER TABLE "audit_events" ALTER COLUMN "seq" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "audit_events" ALTER COLUMN "prev_hash" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "audit_events" ALTER COLUMN "hash" DROP NOT NULL;--> statement-breakpoint
CREATE INDEX "audit_unsealed_idx" ON "audit_events" USING btree ("chain","at","id") WHERE "audit_events"."hash" is null;--> statement-breakpoint
-- Entries are written without their chain position and sealed shortly after commit (one batch per
-- chain, under an advisory lock), so a request appends with a single INSERT and no clinic-wide lock.
-- The only update ever allowed is that seal: seq, prev_hash and hash go from NULL to values, once,
-- and nothing else changes. Deletes and truncation stay refused.
CREATE OR REPLACE FUNCTION stillpoint_audit_seal_only() RETURNS trigger AS $$
DECLARE
  unchanged audit_events;
BEGIN
  IF OLD.hash IS NULL AND OLD.seq IS NULL AND OLD.prev_hash IS NULL
     AND NEW.hash IS NOT NULL AND NEW.seq IS NOT NULL AND NEW.prev_hash IS NOT NULL THEN
    unchanged := NEW;
    unchanged.seq := NULL;
    unchanged.prev_hash := NULL;
    unchanged.hash := NULL;
    IF unchanged IS NOT DISTINCT FROM OLD THEN
      RETURN NEW;
    END IF;
  END IF;
  RAISE EXCEPTION 'audit_events is append-only (UPDATE refused)' USING ERRCODE = '42501';
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
DROP TRIGGER audit_events_no_update ON audit_events;
--> statement-breakpoint
CREATE TRIGGER audit_events_seal_only BEFORE UPDATE ON audit_events
  FOR EACH ROW EXECUTE FUNCTION stillpoint_audit_seal_only();
--> statement-breakpoint
CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events
  FOR EACH ROW EXECUTE FUNCTION stillpoint_audit_immutable();
