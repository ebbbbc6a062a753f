package se.samverkan.cases.catalogue;

import java.time.Instant;

/**
 * Who made a version of a catalogue, when, what changed and on which decision of the municipality (its reference,
 * e.g. a diarienummer). Version 0, the national part alone, was made by nobody.
 */
public record CatalogueChange(int version, String change, String decisionReference, String changedBy, Instant changedAt) {

    static final CatalogueChange NATIONAL = new CatalogueChange(0, "national", null, null, null);
}
