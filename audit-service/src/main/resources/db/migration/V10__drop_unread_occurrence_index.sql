-- review_item_occurrences_event indexed source_event_id alone, beside UNIQUE (rule, source_event_id) and the primary
-- key. No query reads occurrences by event id alone (the queue reads them by item, the rules insert them), and
-- PostgreSQL 18 can skip-scan the unique index for such a lookup. Every access on a weekend or evening is an
-- occurrence, so the table grows with the log, and this index made about a fifth of each insert's time
-- (docs/benchmarks.md, "Afternoon: 2026-12-05"). Dropping an index loses no row; its lock is held for a catalogue
-- change only, and an append holding the table meanwhile makes it wait at most the timeout, then fail (the migration
-- step runs again) rather than queue every append behind it.
SET LOCAL lock_timeout = '30s';
DROP INDEX IF EXISTS review_item_occurrences_event;
