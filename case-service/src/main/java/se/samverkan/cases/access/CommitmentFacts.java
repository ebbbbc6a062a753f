package se.samverkan.cases.access;

import se.samverkan.cases.domain.CaseFile;
import se.samverkan.cases.domain.Commitment;
import se.samverkan.cases.domain.CommitmentVisibility;
import se.samverkan.contracts.Agency;
import se.samverkan.contracts.DataCategory;
import se.samverkan.platform.identity.Actor;

import java.time.LocalDate;
import java.util.Set;

/**
 * One commitment of a joint action plan as the policy sees it: whose it is (the owner's account and organisation) and
 * which data categories the subject's consents give that organisation for joint planning today ({@code granted}, from
 * {@link CommitmentVisibility}; empty when none holds, the case is closed or the consent lacks {@code MEASURES}).
 */
public record CommitmentFacts(String commitmentId, String ownerUserId, Agency ownerAgency, String ownerMunicipality,
                              String ownerUnit, Set<DataCategory> granted) {

    public CommitmentFacts {
        granted = granted == null ? Set.of() : Set.copyOf(granted);
    }

    public static CommitmentFacts of(CaseFile file, Commitment commitment, LocalDate today) {
        return new CommitmentFacts(commitment.commitmentId(), commitment.ownerUserId(), commitment.ownerAgency(),
                commitment.ownerMunicipality(), commitment.ownerOrganisation(),
                CommitmentVisibility.granted(file, commitment, today));
    }

    /**
     * The caller is this commitment's owner: the account named, in the organisation named (from their own token). A
     * police unit serves several municipalities, so for the police the unit is the organisation, as for referrals.
     */
    public boolean ownedBy(Actor actor) {
        return ownerUserId != null && ownerUserId.equals(actor.userId()) && ownerAgency == actor.agency()
                && ownerUnit != null && ownerUnit.equals(actor.unit())
                && (ownerAgency == Agency.POLICE || actor.municipality().equals(ownerMunicipality));
    }
}
