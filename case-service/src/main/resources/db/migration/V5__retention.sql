-- What the retention job and the dry-run report need from the case list (a read model, rebuilt by replay).
ALTER TABLE case_summary ADD COLUMN closed_at timestamptz;
ALTER TABLE case_summary ADD COLUMN cleared_on date;
ALTER TABLE case_summary ADD COLUMN legal_holds integer NOT NULL DEFAULT 0;
CREATE INDEX case_summary_retention ON case_summary (closed_at) WHERE status = 'CLOSED' AND cleared_on IS NULL;
