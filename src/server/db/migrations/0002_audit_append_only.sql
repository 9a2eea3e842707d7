-- The audit trail is append-only: the application cannot change or remove an entry.
-- (On PostgreSQL an operator may additionally run the app as a role without UPDATE/DELETE on it;
-- the README shows how.) Tampering by a superuser is detected by the hash chain.
CREATE OR REPLACE FUNCTION stillpoint_audit_immutable() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'audit_events is append-only (% refused)', TG_OP USING ERRCODE = '42501';
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER audit_events_no_update BEFORE UPDATE OR DELETE ON audit_events
  FOR EACH ROW EXECUTE FUNCTION stillpoint_audit_immutable();
--> statement-breakpoint
CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events
  FOR EACH STATEMENT EXECUTE FUNCTION stillpoint_audit_immutable();
