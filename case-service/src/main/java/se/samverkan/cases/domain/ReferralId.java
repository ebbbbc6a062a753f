package se.samverkan.cases.domain;

import java.util.Objects;
import java.util.UUID;

public record ReferralId(UUID value) {

    public ReferralId {
        Objects.requireNonNull(value, "referral id");
    }

    public static ReferralId random() {
        return new ReferralId(UUID.randomUUID());
    }

    public static ReferralId parse(String text) {
        return new ReferralId(UUID.fromString(text));
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
