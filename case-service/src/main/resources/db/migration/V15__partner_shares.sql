-- Issue 14: shares of exit cases with partner municipalities' units, as a read model (built from the event store by
-- the case-summaries processor, rebuilt on reset). The share watch finds here the shares whose end date passed; who
-- may see a case is never decided from this table, always from the case's own events.
CREATE TABLE case_partner_share (
    share_id             uuid PRIMARY KEY,
    case_id              uuid NOT NULL,
    partner_municipality text NOT NULL,
    partner_unit         text NOT NULL,
    valid_until          date NOT NULL,
    ended_on             date
);
CREATE INDEX case_partner_share_live ON case_partner_share (valid_until) WHERE ended_on IS NULL;
