package se.samverkan.audit.log;

/** Published when this instance starts or stops writing the log, so ingestion can follow. */
public record LeadershipChanged(boolean leader) {
}
