package se.samverkan.contracts.vocabulary;

/**
 * What a participant of a joint action plan undertook to do. The code travels and is counted; what exactly was meant
 * belongs in the commitment's sealed text.
 */
public enum CommitmentType implements Labelled {
    SCHOOL_ATTENDANCE_FOLLOW_UP("Följa upp närvaron i skolan"),
    SCHOOL_SUPPORT_MEASURES("Sätta in stöd i skolan"),
    STUDENT_HEALTH_CONTACT("Kontakt med elevhälsan"),
    LEISURE_ACTIVITY("Ordna en meningsfull fritidsaktivitet"),
    OUTREACH_CONTACT("Uppsökande kontakt"),
    POLICE_DIALOGUE("Samtal med polisen"),
    POLICE_FOLLOW_UP("Polisens uppföljning"),
    PARENT_SUPPORT_GROUP("Delta i föräldrastödsgrupp"),
    PARENT_CONSULTATION("Besöka föräldramottagningen"),
    FAMILY_SUPPORT("Familjestöd"),
    DRUG_PREVENTION("Drogförebyggande insats"),
    TREATMENT_CONTACT("Kontakt med behandling eller vård"),
    WORK_OR_INTERNSHIP("Arbete eller praktik"),
    ATTEND_MEETINGS("Delta i uppföljningsmöten"),
    CONTACT_PERSON("Träffa kontaktperson"),
    OTHER("Annat åtagande");

    private final String label;

    CommitmentType(String label) {
        this.label = label;
    }

    @Override
    public String label() {
        return label;
    }
}
