package se.samverkan.cases.domain;

import se.samverkan.contracts.ProtectedIdentity;

import java.time.LocalDate;
import java.util.List;

/**
 * The person a case is about. Personal data: stays in case-service, never in logs or integration events. After the
 * subject's key is shredded everything but the protection level reads as null ({@link #erased()}).
 */
public record Subject(String personalIdentityNumber, String name, LocalDate dateOfBirth, String address,
                      List<Guardian> guardians, ProtectedIdentity protectedIdentity) {

    public record Guardian(String personalIdentityNumber, String name) {
        @Override
        public String toString() {
            return "Guardian[****]";
        }
    }

    public Subject {
        guardians = guardians == null ? List.of() : List.copyOf(guardians);
        protectedIdentity = protectedIdentity == null ? ProtectedIdentity.NONE : protectedIdentity;
    }

    public boolean erased() {
        return personalIdentityNumber == null;
    }

    public Personnummer personnummer() {
        if (erased()) {
            throw new IllegalStateException("The subject's personal data has been cleared");
        }
        return new Personnummer(personalIdentityNumber);
    }

    public boolean isProtected() {
        return protectedIdentity != ProtectedIdentity.NONE;
    }

    /** The same person under the protection level now in force (see {@code CaseFile#subject()}). */
    public Subject withProtectedIdentity(ProtectedIdentity level) {
        return level == protectedIdentity ? this
                : new Subject(personalIdentityNumber, name, dateOfBirth, address, guardians, level);
    }

    @Override
    public String toString() {
        return "Subject[****]";
    }
}
