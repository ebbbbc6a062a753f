package se.samverkan.cases.access;

import org.junit.jupiter.api.Test;
import se.samverkan.cases.access.SubjectAccessFacts.State;
import se.samverkan.cases.domain.CaseStatus;
import se.samverkan.contracts.Agency;
import se.samverkan.contracts.Program;
import se.samverkan.contracts.ProtectedIdentity;
import se.samverkan.platform.identity.Actor;
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
 * Issue 10 item 2: a subject access export is a four-eyes act. Every actor (the demo users plus a second Haninge
 * supervisor in another unit, and a Botkyrka supervisor and compliance officer) x every step x who registered the
 * request x its municipality x its state x the case an export would include (none, the subject's case in the
 * requester's unit or another unit, another subject's case, a case of another municipality) x protected identity.
 */
class SubjectAccessPolicyMatrixTest {

    private static final Set<Operation> STEPS = EnumSet.of(SUBJECT_ACCESS_REQUEST, SUBJECT_ACCESS_APPROVAL,
            SUBJECT_ACCESS_REJECTION, SUBJECT_ACCESS_EXPORT, READ_SUBJECT_ACCESS_REQUEST);
    private static final Actor SECOND_SUPERVISOR = new Actor("sven", Set.of(Role.SUPERVISOR), Agency.SOCIAL_SERVICES,
            TestUser.HANINGE, TestUser.EXIT_UNIT);
    private static final Actor BOTKYRKA_SUPERVISOR = new Actor("bo", Set.of(Role.SUPERVISOR), Agency.SOCIAL_SERVICES,
            TestUser.BOTKYRKA, "botkyrka-ungdom");
    private static final Actor BOTKYRKA_DATA_PROTECTION = new Actor("britt", Set.of(Role.COMPLIANCE_OFFICER), Agency.MUNICIPALITY,
            TestUser.BOTKYRKA, "botkyrka-dataskydd");
    /** A supervisor role on a police token is no social services supervisor. */
    private static final Actor POLICE_WITH_SUPERVISOR_ROLE = new Actor("p", Set.of(Role.SUPERVISOR), Agency.POLICE,
            TestUser.HANINGE, TestUser.POLICE_UNIT);

    enum Requester { SELF, OTHER }

    enum CaseKind { NONE, SUBJECTS_CASE_OWN_UNIT, SUBJECTS_CASE_OTHER_UNIT, OTHER_SUBJECTS_CASE, OTHER_MUNICIPALITY }

    record Situation(Actor actor, Operation step, Requester requester, boolean requestOfOwnMunicipality, State state,
                     CaseKind caseKind, boolean protectedIdentity) {
    }

    private final CaseAccessPolicy policy = new CaseAccessPolicy();

    @Test
    void onlyARequestASecondPersonApprovedOpensAnExportAndOnlyForItsRequester() {
        List<String> mismatches = new ArrayList<>();
        int checked = 0;
        for (Situation s : situations()) {
            Decision decision = policy.decide(request(s));
            Decision expected = expected(s);
            checked++;
            if (decision.allowed() != expected.allowed() || !decision.allowed() && decision.caseVisible() != expected.caseVisible()) {
                mismatches.add(s + " -> " + decision + " expected " + (expected.allowed() ? "allowed" : expected.caseVisible() ? "403" : "404"));
            }
            if (decision.allowed() && s.actor().has(Role.COMPLIANCE_OFFICER)) {
                assertThat(decision.fieldGroups()).as("the data-protection role sees metadata only: %s", s).containsOnly(FieldGroup.METADATA);
            }
            if (decision.allowed() && s.protectedIdentity()) {
                assertThat(decision.fieldGroups()).as("no protected address in an export: %s", s).doesNotContain(FieldGroup.CONTACT);
            }
            if (decision.allowed() && s.step() == SUBJECT_ACCESS_EXPORT) {
                assertThat(s.requester()).isEqualTo(Requester.SELF);
                assertThat(s.state()).isEqualTo(State.APPROVED);
            }
            if (decision.allowed() && (s.step() == SUBJECT_ACCESS_APPROVAL || s.step() == SUBJECT_ACCESS_REJECTION)) {
                assertThat(s.requester()).as("four eyes: %s", s).isEqualTo(Requester.OTHER);
            }
        }
        assertThat(checked).isGreaterThan(4_000);
        assertThat(mismatches).as(mismatches.size() + " of " + checked).isEmpty();
    }

    @Test
    void withoutARequestNoRoleGetsAnExportOfAnyCase() {
        for (Actor actor : actors()) {
            for (CaseKind kind : CaseKind.values()) {
                CaseFacts facts = kind == CaseKind.NONE ? null : caseFacts(actor, kind, false, UUID.randomUUID());
                Decision decision = policy.decide(new AccessRequest(actor, SUBJECT_ACCESS_EXPORT, facts, null, null,
                        actor.municipality(), actor.unit()));
                assertThat(decision.allowed()).as(actor.userId() + " " + kind).isFalse();
            }
        }
    }

    /** The rules written out from the issue, independently of the policy's code. */
    private static Decision expected(Situation s) {
        Actor a = s.actor();
        boolean supervisor = a.has(Role.SUPERVISOR) && a.agency() == Agency.SOCIAL_SERVICES;
        boolean dataProtection = a.has(Role.COMPLIANCE_OFFICER);
        if (s.step() == SUBJECT_ACCESS_REQUEST) {
            return supervisor ? allow() : forbid();
        }
        if (!(supervisor || dataProtection) || !s.requestOfOwnMunicipality()) {
            return hide();
        }
        boolean self = s.requester() == Requester.SELF;
        return switch (s.step()) {
            case READ_SUBJECT_ACCESS_REQUEST -> allow();
            case SUBJECT_ACCESS_APPROVAL, SUBJECT_ACCESS_REJECTION -> self ? forbid() : allow();
            default -> {
                if (!supervisor || !self || s.state() != State.APPROVED) {
                    yield forbid();
                }
                yield switch (s.caseKind()) {
                    case NONE, SUBJECTS_CASE_OWN_UNIT, SUBJECTS_CASE_OTHER_UNIT -> allow();
                    case OTHER_SUBJECTS_CASE, OTHER_MUNICIPALITY -> hide();
                };
            }
        };
    }

    private static Decision allow() {
        return Decision.allow("x", Set.of(FieldGroup.METADATA));
    }

    private static Decision forbid() {
        return Decision.forbid("x");
    }

    private static Decision hide() {
        return Decision.hide("x");
    }

    private static List<Actor> actors() {
        List<Actor> actors = new ArrayList<>(TestUser.all().stream().map(TestUser::actor).toList());
        actors.addAll(List.of(SECOND_SUPERVISOR, BOTKYRKA_SUPERVISOR, BOTKYRKA_DATA_PROTECTION, POLICE_WITH_SUPERVISOR_ROLE));
        return actors;
    }

    private static List<Situation> situations() {
        List<Situation> all = new ArrayList<>();
        for (Actor actor : actors()) {
            for (Operation step : STEPS) {
                for (Requester requester : Requester.values()) {
                    for (boolean ownMunicipality : List.of(true, false)) {
                        for (State state : State.values()) {
                            for (CaseKind kind : CaseKind.values()) {
                                if (kind != CaseKind.NONE && step != SUBJECT_ACCESS_EXPORT) {
                                    continue;
                                }
                                for (boolean prot : List.of(true, false)) {
                                    all.add(new Situation(actor, step, requester, ownMunicipality, state, kind, prot));
                                }
                            }
                        }
                    }
                }
            }
        }
        return all;
    }

    private static AccessRequest request(Situation s) {
        Actor actor = s.actor();
        String municipality = s.requestOfOwnMunicipality() ? actor.municipality()
                : actor.municipality().equals(TestUser.HANINGE) ? TestUser.BOTKYRKA : TestUser.HANINGE;
        UUID subjectId = UUID.randomUUID();
        String requestedBy = s.requester() == Requester.SELF ? actor.userId() : "someone-else";
        SubjectAccessFacts facts = s.step() == SUBJECT_ACCESS_REQUEST ? null
                : new SubjectAccessFacts(UUID.randomUUID(), municipality, subjectId, requestedBy, s.state());
        CaseFacts caseFacts = s.caseKind() == CaseKind.NONE ? null : caseFacts(actor, s.caseKind(), s.protectedIdentity(), subjectId);
        if (caseFacts != null && s.caseKind() != CaseKind.OTHER_MUNICIPALITY) {
            caseFacts = new CaseFacts(caseFacts.caseId(), caseFacts.subjectId(), caseFacts.program(), municipality,
                    caseFacts.unit(), caseFacts.team(), caseFacts.sharedWith(), caseFacts.protectedIdentity(), caseFacts.status());
        }
        return AccessRequest.onSubjectAccess(actor, s.step(), facts, caseFacts);
    }

    private static CaseFacts caseFacts(Actor actor, CaseKind kind, boolean prot, UUID subjectId) {
        String unit = kind == CaseKind.SUBJECTS_CASE_OWN_UNIT ? actor.unit() : "haninge-avhopp-annan";
        String municipality = kind == CaseKind.OTHER_MUNICIPALITY ? "9999" : actor.municipality();
        UUID subject = kind == CaseKind.OTHER_SUBJECTS_CASE ? UUID.randomUUID() : subjectId;
        return new CaseFacts(UUID.randomUUID(), subject, Program.EXIT_PROGRAM, municipality, unit, List.of("someone"),
                List.of(), prot ? ProtectedIdentity.SKYDDAD_FOLKBOKFORING : ProtectedIdentity.NONE, CaseStatus.OPEN);
    }
}
