package se.samverkan.contracts.vocabulary;

/** Why the police liaison declined a referral. */
public enum DeclineReason implements Labelled {
    NOT_IN_JURISDICTION("Utanför polisområdet"),
    INSUFFICIENT_INFORMATION("Underlaget räcker inte"),
    ALREADY_HANDLED("Hanteras redan hos polisen"),
    NOT_A_POLICE_MATTER("Inte en polisiär fråga"),
    NO_CAPACITY("Saknar resurser just nu"),
    OTHER("Annat skäl");

    private final String label;

    DeclineReason(String label) {
        this.label = label;
    }

    @Override
    public String label() {
        return label;
    }
}
