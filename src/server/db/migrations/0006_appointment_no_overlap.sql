-- One practitioner's active appointments, buffers included, can never overlap: the database
-- guarantees it whatever the concurrency (SQLSTATE 23P01 on violation). Half-open ranges, so
-- back-to-back blocks are allowed; cancelled and no-show appointments do not block.
ALTER TABLE appointments ADD CONSTRAINT appointments_no_overlap
  EXCLUDE USING gist (practitioner_id WITH =, tstzrange(block_start, block_end, '[)') WITH &&)
  WHERE (status IN ('booked', 'checked-in', 'completed'));
