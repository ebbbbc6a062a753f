-- The case list reads a municipality's cases newest first. Without these it scanned and sorted every case of the
-- municipality on each list (issue 12: 13 ms of PostgreSQL's CPU a list at 13,800 cases, growing with every case).
-- The municipality's own cases come from the first index in order; cases other municipalities share with it are
-- found through the array (CaseLists reads the two apart and merges them).
CREATE INDEX case_summary_listing ON case_summary (municipality, updated_at DESC, case_id DESC);
CREATE INDEX case_summary_shared_with ON case_summary USING gin (shared_with);
