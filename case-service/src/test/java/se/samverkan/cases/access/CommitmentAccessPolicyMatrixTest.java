package se.samverkan.cases.access;

import org.junit.jupiter.api.Test;
import se.samverkan.cases.domain.CaseStatus;
import se.samverkan.contracts.Agency;
import se.samverkan.contracts.DataCategory;
import se.samverkan.contracts.Program;
import se.samverkan.contracts.ProtectedIdentity;
import se.samverkan.platform.identity.Role;
import se.samverkan.platform.test.TestUser;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static se.samverkan.cases.access.Operation.*;

/**
 * Issue 15, a participant's commitments: every demo user and the insiders who would try (ingrid's colleague at the
 * same school, a counsellor of another municipality whose unit has the same code, a police liaison of another unit,
 * a token that says the right unit under another agency) x every participant operation x whose commitment it is
 * (ingrid at the school, david at the police, anna of the case team, a guardian) x what the consents give the owner's
 * organisation (nothing, measures, measures and case summary, measures, case summary and identity; the domain's
 * {@code CommitmentVisibility} turns withdrawn, expired, other-purpose and other-organisation consents into "nothing",
 * {@code ActionPlansTest} shows that) x case open or closed x owner on the team or not x protected identity,
 * against the rule written out here: the owner alone, only while the case is open, only within a consent covering
 * measures (unless the owner is on the case team of the owning unit); every refusal looks like "not found".
 */
class CommitmentAccessPolicyMatrixTest {

    static final TestUser SCHOOL_COLLEAGUE = new TestUser("6f1b7c2e-0a4d-4b8e-9c51-2d3e4f5a6b17", "irma",
            EnumSet.of(Role.CONCERN_REPORTER), Agency.MUNICIPALITY, TestUser.HANINGE, "haninge-skola", "irma@haninge.example");
    /** Same user id as ingrid, same unit code, another municipality: a token Keycloak would never issue, tried anyway. */
    static final TestUser INGRID_ELSEWHERE = new TestUser(TestUser.SCHOOL_COUNSELLOR.id(), "ingrid2",
            EnumSet.of(Role.CONCERN_REPORTER), Agency.MUNICIPALITY, TestUser.BOTKYRKA, "haninge-skola", "x@botkyrka.example");
    static final TestUser INGRID_AS_POLICE = new TestUser(TestUser.SCHOOL_COUNSELLOR.id(), "ingrid3",
            EnumSet.of(Role.POLICE_LIAISON), Agency.POLICE, TestUser.HANINGE, "haninge-skola", "x@polisen.example");
    static final TestUser OTHER_POLICE = new TestUser("6f1b7c2e-0a4d-4b8e-9c51-2d3e4f5a6b18", "olof",
            EnumSet.of(Role.POLICE_LIAISON), Agency.POLICE, TestUser.HANINGE, "polisen-sodertorn", "olof@polisen.example");
    /** david's id under an analyst's role in the police unit: the role, not only the account, must take part. */
    static final TestUser DAVID_AS_ANALYST = new TestUser(TestUser.POLICE_LIAISON.id(), "david2",
            EnumSet.of(Role.ANALYST), Agency.POLICE, TestUser.HANINGE, TestUser.POLICE_UNIT, "x@polisen.example");

    enum Owner {
        INGRID(TestUser.SCHOOL_COUNSELLOR),
        DAVID(TestUser.POLICE_LIAISON),
        ANNA(TestUser.SOCIAL_WORKER),
        GUARDIAN(null);

        final TestUser user;

        Owner(TestUser user) {
            this.user = user;
        }
    }

    static final List<Set<DataCategory>> GRANTS = List.of(Set.of(), EnumSet.of(DataCategory.MEASURES),
            EnumSet.of(DataCategory.MEASURES, DataCategory.CASE_SUMMARY),
            EnumSet.of(DataCategory.MEASURES, DataCategory.CASE_SUMMARY, DataCategory.IDENTITY));

    private final CaseAccessPolicy policy = new CaseAccessPolicy();

    @Test
    void onlyTheOwnerSeesACommitmentOnlyWithinAConsentCoveringMeasuresWhileTheCaseIsOpen() {
        List<TestUser> users = new ArrayList<>(TestUser.all());
        users.addAll(List.of(SCHOOL_COLLEAGUE, INGRID_ELSEWHERE, INGRID_AS_POLICE, OTHER_POLICE, DAVID_AS_ANALYST));
        List<String> mismatches = new ArrayList<>();
        int checked = 0;
        for (TestUser user : users) {
            for (Operation op : List.of(LIST_OWN_COMMITMENTS, READ_COMMITMENT, REPORT_COMMITMENT)) {
                for (Owner owner : Owner.values()) {
                    for (Set<DataCategory> granted : GRANTS) {
                        for (CaseStatus status : CaseStatus.values()) {
                            for (boolean ownerOnTeam : List.of(true, false)) {
                                for (boolean prot : List.of(true, false)) {
                                    CaseFacts facts = new CaseFacts(UUID.randomUUID(), UUID.randomUUID(), Program.RAPID_INTERVENTION,
                                            TestUser.HANINGE, TestUser.YOUTH_UNIT, ownerOnTeam && owner.user != null
                                            ? List.of(owner.user.id(), "someone") : List.of("someone"), List.of(),
                                            prot ? ProtectedIdentity.SKYDDAD_FOLKBOKFORING : ProtectedIdentity.NONE, status);
                                    CommitmentFacts commitment = commitment(owner, granted);
                                    Decision decision = policy.decide(AccessRequest.onCommitment(user.actor(), op, facts, commitment));
                                    checked++;
                                    boolean isOwner = owner.user != null && owner.user == user;
                                    boolean teamOwner = isOwner && owner == Owner.ANNA && ownerOnTeam;
                                    boolean expected = isOwner && status == CaseStatus.OPEN
                                            && (teamOwner || granted.contains(DataCategory.MEASURES));
                                    String situation = user.username() + " " + op + " " + owner + " " + granted + " " + status
                                            + (ownerOnTeam ? " on team" : "") + (prot ? " protected" : "");
                                    if (decision.allowed() != expected) {
                                        mismatches.add(situation + " -> " + decision);
                                        continue;
                                    }
                                    if (!decision.allowed()) {
                                        assertThat(decision.caseVisible()).as("a refusal reveals nothing: " + situation).isFalse();
                                        continue;
                                    }
                                    assertThat(decision.fieldGroups()).as(situation)
                                            .doesNotContain(FieldGroup.METADATA, FieldGroup.CONTACT, FieldGroup.CONTENT,
                                                    FieldGroup.CONSENTS, FieldGroup.REFERRALS, FieldGroup.OTHER_UNITS)
                                            .contains(FieldGroup.COMMITMENT);
                                    if (!teamOwner) {
                                        assertThat(decision.shows(FieldGroup.MEETING_AGREEMENT)).as(situation)
                                                .isEqualTo(granted.contains(DataCategory.CASE_SUMMARY));
                                        assertThat(decision.shows(FieldGroup.IDENTITY)).as(situation)
                                                .isEqualTo(granted.contains(DataCategory.IDENTITY));
                                        assertThat(decision.ground()).isEqualTo("CONSENT");
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        assertThat(checked).isGreaterThan(5_000);
        assertThat(mismatches).as(mismatches.size() + " of " + checked).isEmpty();
    }

    @Test
    void myCommitmentsIsForTheRolesThatTakePartInPersonAndShowsNothingOfItsOwn() {
        for (TestUser user : TestUser.all()) {
            Decision gate = policy.decide(AccessRequest.withoutCase(user.actor(), LIST_OWN_COMMITMENTS));
            boolean participant = user.roles().stream().anyMatch(r -> r == Role.CONCERN_REPORTER || r == Role.POLICE_LIAISON
                    || r == Role.SOCIAL_WORKER || r == Role.SUPERVISOR);
            assertThat(gate.allowed()).as(user.username()).isEqualTo(participant);
            assertThat(gate.fieldGroups()).as(user.username()).isEmpty();
        }
    }

    @Test
    void aCommitmentOfNoOneWithAnAccountIsSeenByNoParticipant() {
        CaseFacts facts = new CaseFacts(UUID.randomUUID(), UUID.randomUUID(), Program.RAPID_INTERVENTION, TestUser.HANINGE,
                TestUser.YOUTH_UNIT, List.of(TestUser.SOCIAL_WORKER.id()), List.of(), ProtectedIdentity.NONE, CaseStatus.OPEN);
        CommitmentFacts schoolWithoutAccount = new CommitmentFacts("c", null, Agency.MUNICIPALITY, TestUser.HANINGE,
                "haninge-skola", EnumSet.allOf(DataCategory.class));
        for (TestUser user : TestUser.all()) {
            assertThat(policy.decide(AccessRequest.onCommitment(user.actor(), READ_COMMITMENT, facts, schoolWithoutAccount)).allowed())
                    .as(user.username()).isFalse();
        }
    }

    @Test
    void aPoliceUnitIsTheOrganisationWhicheverMunicipalityTheLiaisonsTokenNamesButASchoolIsItsMunicipalitys() {
        CaseFacts facts = new CaseFacts(UUID.randomUUID(), UUID.randomUUID(), Program.RAPID_INTERVENTION, TestUser.HANINGE,
                TestUser.YOUTH_UNIT, List.of("someone"), List.of(), ProtectedIdentity.NONE, CaseStatus.OPEN);
        TestUser davidOfTheRegion = new TestUser(TestUser.POLICE_LIAISON.id(), "david", EnumSet.of(Role.POLICE_LIAISON),
                Agency.POLICE, "01", TestUser.POLICE_UNIT, "david@polisen.example");
        assertThat(policy.decide(AccessRequest.onCommitment(davidOfTheRegion.actor(), READ_COMMITMENT, facts,
                commitment(Owner.DAVID, EnumSet.of(DataCategory.MEASURES)))).allowed()).isTrue();
        assertThat(policy.decide(AccessRequest.onCommitment(INGRID_ELSEWHERE.actor(), READ_COMMITMENT, facts,
                commitment(Owner.INGRID, EnumSet.of(DataCategory.MEASURES)))).allowed()).isFalse();
    }

    private static CommitmentFacts commitment(Owner owner, Set<DataCategory> granted) {
        return switch (owner) {
            case INGRID -> new CommitmentFacts("c", TestUser.SCHOOL_COUNSELLOR.id(), Agency.MUNICIPALITY, TestUser.HANINGE,
                    "haninge-skola", granted);
            case DAVID -> new CommitmentFacts("c", TestUser.POLICE_LIAISON.id(), Agency.POLICE, TestUser.HANINGE,
                    TestUser.POLICE_UNIT, granted);
            case ANNA -> new CommitmentFacts("c", TestUser.SOCIAL_WORKER.id(), Agency.SOCIAL_SERVICES, TestUser.HANINGE,
                    TestUser.YOUTH_UNIT, granted);
            case GUARDIAN -> new CommitmentFacts("c", null, null, null, null, granted);
        };
    }
}
