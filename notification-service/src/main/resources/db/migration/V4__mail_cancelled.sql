-- A delivery whose recipient left (deactivated in the directory) or has no address any more by the time it is due is
-- CANCELLED rather than sent to an address that may now belong to someone else.
ALTER TABLE mail_deliveries DROP CONSTRAINT mail_deliveries_status_check;
ALTER TABLE mail_deliveries ADD CONSTRAINT mail_deliveries_status_check CHECK (status IN ('PENDING', 'SENT', 'FAILED', 'CANCELLED'));
