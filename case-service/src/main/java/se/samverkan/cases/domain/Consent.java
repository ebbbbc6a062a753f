package se.samverkan.cases.domain;

import se.samverkan.contracts.Agency;
import se.samverkan.contracts.DataCategory;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** A consent as it stands now; it counts only inside its validity period and until withdrawn. */
public record Consent(ConsentId consentId, List<ConsentParty> parties, Agency recipientAgency, String recipientUnit,
                      List<String> purposes, Set<DataCategory> dataCategories, LocalDate validFrom, LocalDate validUntil,
                      String documentReference, LocalDate withdrawnOn) {

    public enum PartyRole {
        SUBJECT,
        GUARDIAN
    }

    public record ConsentParty(PartyRole role, String personalIdentityNumber) {
        @Override
        public String toString() {
            return "ConsentParty[" + role + "]";
        }
    }

    /** See {@link ConsentLapse}: the one rule for whether a consent counts on a day. */
    public Optional<ConsentLapse> lapseOn(LocalDate day) {
        return ConsentLapse.of(this, day);
    }

    public boolean isActiveOn(LocalDate day) {
        return lapseOn(day).isEmpty();
    }

    public boolean isWithdrawn() {
        return withdrawnOn != null;
    }

    public Consent withdrawn(LocalDate on) {
        return new Consent(consentId, parties, recipientAgency, recipientUnit, purposes, dataCategories, validFrom,
                validUntil, documentReference, on);
    }
}
