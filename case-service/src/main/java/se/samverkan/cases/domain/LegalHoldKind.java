package se.samverkan.cases.domain;

/** Why a case's data must not be cleared yet, whatever its retention date says. */
public enum LegalHoldKind {
    LITIGATION,
    ONGOING_INVESTIGATION,
    SUPERVISORY_REVIEW
}
