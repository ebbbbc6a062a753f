-- Issue 13: the W3C traceparent of the request whose access decision a row records, sent along as the Kafka record's
-- header (never inside the signed CloudEvent). A trace context names a request, not a person. Older rows have none.
ALTER TABLE access_outbox ADD COLUMN traceparent text;
