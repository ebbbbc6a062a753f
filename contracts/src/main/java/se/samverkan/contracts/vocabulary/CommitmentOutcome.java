package se.samverkan.contracts.vocabulary;

/** The follow-up's verdict on one commitment of a joint action plan. */
public enum CommitmentOutcome implements Labelled {
    KEPT("Uppfyllt"),
    PARTLY_KEPT("Delvis uppfyllt"),
    NOT_KEPT("Inte uppfyllt");

    private final String label;

    CommitmentOutcome(String label) {
        this.label = label;
    }

    @Override
    public String label() {
        return label;
    }
}
