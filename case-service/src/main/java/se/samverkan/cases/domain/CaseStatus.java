package se.samverkan.cases.domain;

public enum CaseStatus {
    OPEN,
    CLOSED
}
