package se.samverkan.cases.domain;

/**
 * What a command handler of {@link CaseAggregate} answers when the caller needs more than the case's version after the
 * change: what the aggregate decided (e.g. {@link Protection.Decided}), so the answer comes from the one decision and
 * is never worked out a second time beside it. Every other handler answers the version alone.
 */
public interface CaseAnswer {

    /** The case's version after the command. */
    long version();
}
