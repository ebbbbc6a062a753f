package se.samverkan.cases.domain;

import java.util.Objects;
import java.util.UUID;

public record ConsentId(UUID value) {

    public ConsentId {
        Objects.requireNonNull(value, "consent id");
    }

    public static ConsentId random() {
        return new ConsentId(UUID.randomUUID());
    }

    public static ConsentId parse(String text) {
        return new ConsentId(UUID.fromString(text));
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
