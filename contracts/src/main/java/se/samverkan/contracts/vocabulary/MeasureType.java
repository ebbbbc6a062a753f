package se.samverkan.contracts.vocabulary;

/** Kinds of measure (insats) a case records; details of the measure belong in a (sealed) note. */
public enum MeasureType implements Labelled {
    CONTACT_PERSON("Kontaktperson"),
    CONTACT_FAMILY("Kontaktfamilj"),
    FAMILY_SUPPORT("Familjestöd"),
    FAMILY_TREATMENT("Familjebehandling"),
    PARENTING_SUPPORT("Föräldraskapsstöd"),
    STRUCTURED_OUTPATIENT_CARE("Strukturerad öppenvård"),
    TREATMENT_PROGRAM("Behandlingsprogram"),
    SUBSTANCE_ABUSE_TREATMENT("Missbruks- och beroendebehandling"),
    COUNSELLING("Samtalsstöd"),
    MENTOR("Mentor"),
    SCHOOL_SUPPORT("Stöd i skolan"),
    LEISURE_ACTIVITY("Meningsfull fritid"),
    YOUTH_SERVICE("Ungdomstjänst"),
    YOUTH_SUPERVISION("Ungdomsövervakning"),
    FAMILY_HOME_PLACEMENT("Placering i familjehem"),
    RESIDENTIAL_CARE_PLACEMENT("Placering på HVB"),
    PROTECTED_HOUSING("Skyddat boende"),
    EMERGENCY_HOUSING("Akut boende"),
    RELOCATION("Flytt till annan ort"),
    HOUSING_SUPPORT("Stöd till boende"),
    EMPLOYMENT_SUPPORT("Stöd till arbete"),
    STUDIES_SUPPORT("Stöd till studier"),
    DEBT_COUNSELLING("Skuldrådgivning"),
    OTHER("Annan insats"),
    // issue 15: the seed's parent support, and school and work measures (appended: codes never move)
    PARENT_SUPPORT_GROUP("Föräldrastödsgrupp"),
    PARENT_CLINIC("Föräldramottagning"),
    SCHOOL_ATTENDANCE_SUPPORT("Stöd vid skolfrånvaro"),
    ADAPTED_SCHOOLING("Anpassad studiegång"),
    SUMMER_JOB("Feriearbete"),
    WORK_PRACTICE("Arbetsträning eller praktik");

    private final String label;

    MeasureType(String label) {
        this.label = label;
    }

    @Override
    public String label() {
        return label;
    }
}
