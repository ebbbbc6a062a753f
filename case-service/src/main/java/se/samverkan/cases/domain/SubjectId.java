package se.samverkan.cases.domain;

import java.util.Objects;
import java.util.UUID;

public record SubjectId(UUID value) {

    public SubjectId {
        Objects.requireNonNull(value, "subject id");
    }

    public static SubjectId random() {
        return new SubjectId(UUID.randomUUID());
    }

    public static SubjectId parse(String text) {
        return new SubjectId(UUID.fromString(text));
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
