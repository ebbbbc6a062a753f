package se.samverkan.contracts.vocabulary;

/**
 * A code of a maintained vocabulary. The code (the enum constant's name) is what is stored, published and audited;
 * the Swedish label is for people. Free text never goes into a code field: Kafka and the audit log keep everything,
 * so what a person needs to explain belongs in a sealed text field of the case.
 */
public interface Labelled {

    String name();

    /** Swedish label for pick lists and reports. */
    String label();
}
