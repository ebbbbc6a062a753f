package se.samverkan.contracts.vocabulary;

/**
 * The young person's school or work situation when the case is followed up (issue 15): what the steering group's
 * effect figures count at follow-up. A code, so it can be counted and published without any text about the person.
 */
public enum SchoolWorkStatus implements Labelled {
    STUDYING("Studerar med godtagbar närvaro"),
    STUDYING_WITH_HIGH_ABSENCE("Inskriven i skola men med hög frånvaro"),
    WORKING("Arbetar"),
    IN_LABOUR_MARKET_MEASURE("I praktik eller arbetsmarknadsinsats"),
    NEITHER_STUDYING_NOR_WORKING("Varken studerar eller arbetar"),
    UNKNOWN("Okänt");

    private final String label;

    SchoolWorkStatus(String label) {
        this.label = label;
    }

    @Override
    public String label() {
        return label;
    }
}
