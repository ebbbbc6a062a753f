package se.samverkan.contracts.vocabulary;

/** Why a unit forwarded a report it received to another unit or municipality (överlämnande av anmälan). */
public enum ForwardingReason implements Labelled {
    RESIDES_IN_OTHER_MUNICIPALITY("Den unge bor eller vistas i en annan kommun"),
    OTHER_UNIT_RESPONSIBLE("En annan enhet ansvarar för målgruppen"),
    KNOWN_TO_OTHER_UNIT("Den unge är aktuell hos en annan enhet"),
    OTHER("Annat skäl");

    private final String label;

    ForwardingReason(String label) {
        this.label = label;
    }

    @Override
    public String label() {
        return label;
    }
}
