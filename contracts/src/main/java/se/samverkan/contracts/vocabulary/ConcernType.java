package se.samverkan.contracts.vocabulary;

/**
 * What a report or concern is about, as codes the reporter picks (several may apply). Narcotics is its own code, so the
 * effect figures can follow drug-related reports separately (the seed's special weight on drug prevention).
 */
public enum ConcernType implements Labelled {
    NARCOTICS("Narkotika"),
    ALCOHOL("Alkohol"),
    SUSPECTED_CRIME("Misstänkt brott"),
    VIOLENCE("Våld mot andra"),
    WEAPONS("Vapen"),
    CRIMINAL_NETWORK("Koppling till kriminella nätverk"),
    EXPOSED_TO_VIOLENCE("Utsatt för våld eller hot"),
    EXPLOITATION("Utnyttjande eller exploatering"),
    HONOUR_RELATED("Hedersrelaterat våld och förtryck"),
    SCHOOL_ABSENCE("Skolfrånvaro"),
    RUNAWAY("Avvikit hemifrån"),
    MENTAL_HEALTH("Psykisk ohälsa"),
    HOME_ENVIRONMENT("Brister i hemmiljön"),
    OTHER("Annan oro");

    private final String label;

    ConcernType(String label) {
        this.label = label;
    }

    @Override
    public String label() {
        return label;
    }
}
