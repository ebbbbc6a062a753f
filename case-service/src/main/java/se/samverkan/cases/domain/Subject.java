package se.samverkan.cases.domain;

import se.samverkan.contracts.ProtectedIdentity;

import java.time.LocalDate;
import java.util.List;
import java.util.Objects;

/** The person a case is about. Personal data: stays in case-service, never in logs or integration events. */
public record Subject(String personalIdentityNumber, String name, LocalDate dateOfBirth, String address,
                      List<Guardian> guardians, ProtectedIdentity protectedIdentity) {

    public record Guardian(String personalIdentityNumber, String name) {
        @Override
        public String toString() {
            return "Guardian[****]";
        }
    }

    public Subject {
        Objects.requireNonNull(personalIdentityNumber, "personalIdentityNumber");
        guardians = guardians == null ? List.of() : List.copyOf(guardians);
        protectedIdentity = protectedIdentity == null ? ProtectedIdentity.NONE : protectedIdentity;
    }

    public Personnummer personnummer() {
        return new Personnummer(personalIdentityNumber);
    }

    public boolean isProtected() {
        return protectedIdentity != ProtectedIdentity.NONE;
    }

    @Override
    public String toString() {
        return "Subject[****]";
    }
}
