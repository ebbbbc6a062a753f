package se.samverkan.cases.consent;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import se.samverkan.cases.domain.Consent;
import se.samverkan.contracts.Agency;
import se.samverkan.contracts.DataCategory;
import se.samverkan.contracts.vocabulary.ConsentPurpose;

import java.time.LocalDate;
import java.util.List;
import java.util.Set;

import static se.samverkan.cases.core.Bounds.CODE;
import static se.samverkan.cases.core.Bounds.ID_NUMBER;

/** Request bodies of consents, bounded like every request ({@code core.Bounds}). */
public final class ConsentRequests {

    private ConsentRequests() {
    }

    public record ConsentPartyInput(@NotNull Consent.PartyRole role, @Size(max = ID_NUMBER) String personalIdentityNumber) {
    }

    public record RecordConsentRequest(@NotEmpty @Size(max = 10) List<@Valid ConsentPartyInput> parties,
                                       @NotNull Agency recipientAgency, @NotBlank @Size(max = CODE) String recipientUnit,
                                       @Size(max = 10) List<@NotNull ConsentPurpose> purposes,
                                       @NotEmpty @Size(max = 10) Set<DataCategory> dataCategories,
                                       @NotNull LocalDate validFrom, @NotNull LocalDate validUntil,
                                       @Size(max = 200) String documentReference) {
    }

    public record WithdrawConsentRequest(@NotNull Consent.PartyRole withdrawnBy, LocalDate withdrawnOn) {
    }
}
