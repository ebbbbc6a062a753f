package se.samverkan.cases.domain;

/**
 * Why a partner share no longer counts. The reasons a share ends as an event ({@code PartnerShareEnded}), and the
 * reasons it stops counting at once on the day it lapses, before any event says so (a withdrawal is both).
 */
public enum ShareEnd {
    /** The owning municipality ended it. */
    UNSHARED,
    CONSENT_WITHDRAWN,
    CONSENT_EXPIRED,
    /** The consent it rests on starts later; never an end event, only a reason it does not count yet. */
    CONSENT_NOT_YET_VALID,
    /** The share's own end date passed. */
    END_DATE_PASSED,
    CASE_CLOSED
}
