-- Issue 12: Axon's JDBC storage engine instead of its JPA one, so case-service carries no Hibernate (about 6,000 classes
-- and 50 MB of its memory for four tables). The JDBC engine inserts an event without its global index and leaves it to
-- the database: the same sequence as before assigns it, so the stored order simply continues.
ALTER TABLE domain_event_entry ALTER COLUMN global_index SET DEFAULT nextval('domain_event_entry_seq');
ALTER SEQUENCE domain_event_entry_seq OWNED BY domain_event_entry.global_index;

-- Axon's saga and dead-letter tables were created with the JPA entities and never used: case-service has no saga, and
-- what it cannot publish goes to its own publish_dead_letter (V10), not to Axon's queue.
DROP TABLE association_value_entry;
DROP SEQUENCE association_value_entry_seq;
DROP TABLE saga_entry;
DROP TABLE dead_letter_entry;
