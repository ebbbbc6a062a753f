package se.samverkan.contracts.vocabulary;

/**
 * What the unit that sent a report may learn of it (SoL 14 kap. 1 b §: whether an investigation was opened, will not
 * be opened or is already ongoing), plus the steps of the intake that hold no case content: received, the same-day
 * safety assessment done, forwarded elsewhere. Never that the report joined a case that was already open unless that
 * case is under investigation: "already ongoing" is the statute's own answer, anything more would tell the reporter
 * that someone else had reported the same young person.
 */
public enum ReportStatus implements Labelled {
    RECEIVED("Mottagen"),
    SAFETY_ASSESSED("Skyddsbedömning gjord"),
    INVESTIGATION_OPENED("Utredning inledd"),
    NO_INVESTIGATION("Utredning inleds inte"),
    INVESTIGATION_ONGOING("Utredning pågår redan"),
    FORWARDED("Överlämnad");

    private final String label;

    ReportStatus(String label) {
        this.label = label;
    }

    @Override
    public String label() {
        return label;
    }
}
