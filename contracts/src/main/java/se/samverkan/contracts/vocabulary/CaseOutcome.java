package se.samverkan.contracts.vocabulary;

/** Why a case was closed. */
public enum CaseOutcome implements Labelled {
    GOALS_MET("Målen uppnådda"),
    GOALS_PARTLY_MET("Målen delvis uppnådda"),
    NO_FURTHER_ACTION("Ingen ytterligare åtgärd"),
    DECLINED_BY_SUBJECT("Den enskilde tackade nej"),
    MOVED_AWAY("Flyttat från kommunen"),
    TRANSFERRED("Överlämnat till annan enhet eller huvudman"),
    DISCONTINUED("Avbrutet"),
    OTHER("Annat skäl");

    private final String label;

    CaseOutcome(String label) {
        this.label = label;
    }

    @Override
    public String label() {
        return label;
    }
}
