-- Issue 14, four eyes: a share waiting for a second person's approval is a row here too, with the day its request
-- lapses, so the share watch can record the expiry. Who may see a case is never decided from this table.
ALTER TABLE case_partner_share ADD COLUMN awaiting_approval_until date;
CREATE INDEX case_partner_share_pending ON case_partner_share (awaiting_approval_until)
    WHERE awaiting_approval_until IS NOT NULL;
