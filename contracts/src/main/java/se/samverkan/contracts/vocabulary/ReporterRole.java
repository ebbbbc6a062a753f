package se.samverkan.contracts.vocabulary;

/**
 * Who sent a report or concern (anmälan, orosanmälan) to social services, by role. The police are recognised by their
 * agency; the other roles are the municipality's reporters it configures per unit (school, field assistants, leisure
 * staff), so the role is taken from the reporter's unit, never from what the reporter says about itself.
 */
public enum ReporterRole implements Labelled {
    POLICE("Polisen"),
    SCHOOL("Skola och elevhälsa"),
    FIELD_ASSISTANT("Fältassistent"),
    LEISURE_STAFF("Fritidsverksamhet och fritidsgård");

    private final String label;

    ReporterRole(String label) {
        this.label = label;
    }

    @Override
    public String label() {
        return label;
    }
}
