package se.samverkan.contracts.vocabulary;

/**
 * Who takes part in a joint coordination meeting (UNGSAM-style samordning), by the part they play: the authorities
 * and municipal services around a young person, the guardians and the young person. A staff participant also names
 * their organisation (a configured unit); guardians and the youth take part as persons, named in the case, not here.
 */
public enum ParticipantRole implements Labelled {
    SOCIAL_SERVICES("Socialtjänsten"),
    POLICE("Polisen"),
    SCHOOL("Skolan"),
    LEISURE_STAFF("Fritidsverksamheten"),
    FIELD_ASSISTANT("Fältassistenterna"),
    GUARDIAN("Vårdnadshavare"),
    YOUTH("Den unge");

    private final String label;

    ParticipantRole(String label) {
        this.label = label;
    }

    @Override
    public String label() {
        return label;
    }
}
