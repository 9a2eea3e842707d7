-- A waitlist offer holds its slot with an appointment in status 'held': the exclusion constraint
-- must treat it like a booking, so nobody can book a held time whatever the concurrency. The
-- constraint is recreated with the new set of active statuses (0006 had booked, checked-in,
-- completed). Cancelled, no-show and released appointments still do not block.
ALTER TABLE appointments DROP CONSTRAINT appointments_no_overlap;
--> statement-breakpoint
ALTER TABLE appointments ADD CONSTRAINT appointments_no_overlap
  EXCLUDE USING gist (practitioner_id WITH =, tstzrange(block_start, block_end, '[)') WITH &&)
  WHERE (status IN ('held', 'booked', 'checked-in', 'completed'));
