package se.samverkan.contracts;

/**
 * The data of an integration event. Its CloudEvents {@code type} comes from {@link IntegrationEventType}
 * on the implementing record, never from the Java class name.
 */
public interface IntegrationEvent {

    /** The CloudEvents subject; for case events the case id, which is also the Kafka key. */
    String subject();

    /** Which family the event is of; switch over it rather than over this interface, see {@link EventFamily}. */
    EventFamily family();
}
