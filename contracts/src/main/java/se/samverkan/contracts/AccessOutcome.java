package se.samverkan.contracts;

public enum AccessOutcome {
    ALLOWED,
    DENIED
}
