package se.samverkan.contracts.vocabulary;

/** What came of a referral when social services completed it. */
public enum ReferralOutcome implements Labelled {
    JOINT_PLAN("Gemensam plan upprättad"),
    MEASURES_TAKEN("Åtgärder vidtagna"),
    NO_ACTION_NEEDED("Ingen åtgärd behövdes"),
    REFERRED_ELSEWHERE("Hänvisat till annan aktör"),
    DECLINED_BY_SUBJECT("Den enskilde avböjde"),
    OTHER("Annat utfall");

    private final String label;

    ReferralOutcome(String label) {
        this.label = label;
    }

    @Override
    public String label() {
        return label;
    }
}
