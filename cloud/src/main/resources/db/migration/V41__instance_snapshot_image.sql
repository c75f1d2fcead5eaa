-- The image a running createImage is writing, recorded in the same update that sets task_state image_snapshot,
-- so a controller restarted mid-snapshot knows which image to discard. NULL when no snapshot runs.
-- Portable SQL: runs unchanged on SQLite and PostgreSQL.
ALTER TABLE instances ADD COLUMN snapshot_image_id VARCHAR(64);
