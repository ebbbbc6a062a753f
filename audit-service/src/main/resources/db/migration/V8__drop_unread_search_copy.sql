-- audit_entries.search held a second, plain JSON copy of every entry's envelope beside its signed bytes. Nothing
-- read it: searches, exports, reports and the integrity pass answer from the bytes (a superuser can rewrite a copy
-- but not the hash over the bytes), the search columns are derived from the bytes and checked against them. It made
-- every row about twice as wide, so every append, every integrity pass and every cold search paid for it twice.
-- Dropping a column is a catalogue change in PostgreSQL: the old values go when the rows are next rewritten.
ALTER TABLE audit_entries DROP COLUMN search;
