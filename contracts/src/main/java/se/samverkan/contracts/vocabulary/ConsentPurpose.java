package se.samverkan.contracts.vocabulary;

/** What a consent allows the shared data to be used for. */
public enum ConsentPurpose implements Labelled {
    CRIME_PREVENTION("Brottsförebyggande arbete"),
    JOINT_PLANNING("Samordnad planering"),
    SUPPORT_AND_PROTECTION("Stöd och skydd"),
    EXIT_SUPPORT("Stöd vid avhopp"),
    THREAT_AND_RISK_ASSESSMENT("Hot- och riskbedömning"),
    FOLLOW_UP("Uppföljning");

    private final String label;

    ConsentPurpose(String label) {
        this.label = label;
    }

    @Override
    public String label() {
        return label;
    }
}
