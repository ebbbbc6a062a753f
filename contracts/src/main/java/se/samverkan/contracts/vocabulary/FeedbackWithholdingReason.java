package se.samverkan.contracts.vocabulary;

/**
 * Why the case's team decided that telling a reporter how its report is handled is not appropriate in this case
 * (SoL 14 kap. 1 b §: återkoppling lämnas "om det inte är olämpligt"). A code, so no free text about the young person
 * or the family is needed for the decision; the reasoning, if any, belongs in the case's journal.
 */
public enum FeedbackWithholdingReason implements Labelled {
    HARMFUL_TO_CHILD("Återkopplingen kan skada barnet eller den unge"),
    REPORTER_CLOSE_TO_FAMILY("Anmälaren står familjen nära (t.ex. släkt eller granne i yrkesrollen)"),
    ENDANGERS_INVESTIGATION("Återkopplingen kan försvåra utredningen eller en polisutredning"),
    PROTECTED_IDENTITY("Den unge eller familjen har skyddade personuppgifter"),
    OTHER_UNSUITABLE("Annat skäl som gör återkoppling olämplig");

    private final String label;

    FeedbackWithholdingReason(String label) {
        this.label = label;
    }

    @Override
    public String label() {
        return label;
    }
}
