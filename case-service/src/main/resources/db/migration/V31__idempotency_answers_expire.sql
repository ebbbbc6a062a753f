-- Idempotency answers are kept for a day (samverkan.cases.idempotency.keep), then deleted by the service; the index
-- lets that sweep find them without reading the table. Request hashes are keyed from now on (Idempotency): a row kept
-- from before holds a plain SHA-256, which no new hash matches, so a retry of a request made before the upgrade is
-- refused as a reused key (nothing runs twice) until the sweep deletes the row.
CREATE INDEX idempotency_record_created ON idempotency_record (created_at);
