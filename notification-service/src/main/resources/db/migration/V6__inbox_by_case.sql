-- A person's inbox filtered by case (GET /api/inbox?caseId=…) scanned the whole table twice, for the page and for its
-- count: 9 ms of PostgreSQL's CPU each at 36,000 items, growing with every item (issue 12).
CREATE INDEX notifications_by_case ON notifications (recipient_user_id, case_id, created_at DESC, id);
