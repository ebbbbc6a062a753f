package se.samverkan.cases.domain;

import java.util.Objects;
import java.util.UUID;

public record CaseId(UUID value) {

    public CaseId {
        Objects.requireNonNull(value, "case id");
    }

    public static CaseId random() {
        return new CaseId(UUID.randomUUID());
    }

    public static CaseId parse(String text) {
        return new CaseId(UUID.fromString(text));
    }

    // Axon routes commands and names event streams by toString()
    @Override
    public String toString() {
        return value.toString();
    }
}
