package se.samverkan.cases.access;

import org.junit.jupiter.api.Test;
import se.samverkan.cases.access.ReferralFacts.BasisState;
import se.samverkan.cases.domain.CaseStatus;
import se.samverkan.cases.domain.ReferralStatus;
import se.samverkan.contracts.LegalBasis;
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
 * Every role x every operation x own/other unit x on/off team x program x partner share (none, a share from before
 * issue 14, one naming goran that holds, was withdrawn, expired, unshared, ended with the case, or names another
 * unit; for the exit coordinators) x protected identity on/off
 * x referral basis valid/withdrawn/expired/revoked x break-glass reason (absent, real text, or padding, invisible
 * characters, too short, too long) x the reader's unit's break-glass scope, against the role table of the design.
 */
class CaseAccessPolicyMatrixTest {

    /** A break-glass header as sent, and whether a person reading it afterwards would find a reason in it. */
    record Reason(String text, boolean real) {
        @Override
        public String toString() {
            return text == null ? "no reason" : (real ? "real:" : "junk:") + text.codePoints().limit(30)
                    .mapToObj(cp -> cp < 0x21 || cp > 0x7e && !Character.isLetter(cp) ? String.format("\\u%04x", cp) : Character.toString(cp))
                    .collect(java.util.stream.Collectors.joining());
        }
    }

    static final Reason NO_REASON = new Reason(null, false);
    static final Reason REAL = new Reason("Akut placering, jouren behöver underlaget", true);
    static final List<Reason> SOME_REASONS = List.of(NO_REASON, new Reason("kort", false), REAL);
    static final List<Reason> ALL_REASONS = List.of(NO_REASON, new Reason("kort", false), REAL,
            new Reason("\u00a0 Jouren behöver underlaget i natt \u00a0\t", true),
            new Reason(" ".repeat(20), false),
            new Reason("\u200b".repeat(20), false),
            new Reason("\u00a0".repeat(20), false),
            new Reason("\u3164".repeat(20), false),
            new Reason("\u2800".repeat(20), false),
            new Reason("Jouren\u200b behöver underlaget", false),
            new Reason("Jouren\u202e behöver underlaget", false),
            new Reason("Jouren\u0000 behöver underlaget", false),
            new Reason("1234567890 !!!!! 12345", false),
            new Reason("Akut ".repeat(120), false),
            new Reason("x".repeat(15), true));

    /** The reader's unit's break-glass scope: the default, own unit with protected identities, municipality-wide. */
    static final List<BreakGlassScope> SCOPES = List.of(BreakGlassScope.DEFAULT,
            new BreakGlassScope(BreakGlassScope.Reach.OWN_UNIT, true),
            new BreakGlassScope(BreakGlassScope.Reach.MUNICIPALITY, false),
            new BreakGlassScope(BreakGlassScope.Reach.MUNICIPALITY, true));

    private final CaseAccessPolicy policy = new CaseAccessPolicy();

    /** How the case is shared with Botkyrka's exit unit, as a partner's coordinator meets it (issue 14). */
    enum Share {
        NONE(null),
        /** {@code CaseShared} from before issue 14: the municipality only, no consent, no coordinators. */
        LEGACY_MUNICIPALITY_ONLY(null),
        NAMES_GORAN(null),
        NAMES_GORAN_CONSENT_WITHDRAWN(se.samverkan.cases.domain.ShareEnd.CONSENT_WITHDRAWN),
        NAMES_GORAN_CONSENT_EXPIRED(se.samverkan.cases.domain.ShareEnd.CONSENT_EXPIRED),
        NAMES_GORAN_UNSHARED(se.samverkan.cases.domain.ShareEnd.UNSHARED),
        NAMES_GORAN_CASE_CLOSED(se.samverkan.cases.domain.ShareEnd.CASE_CLOSED),
        NAMES_GORAN_IN_ANOTHER_UNIT(null);

        final se.samverkan.cases.domain.ShareEnd lapse;

        Share(se.samverkan.cases.domain.ShareEnd lapse) {
            this.lapse = lapse;
        }

        boolean namesGoranInHisUnit() {
            return name().startsWith("NAMES_GORAN") && this != NAMES_GORAN_IN_ANOTHER_UNIT;
        }
    }

    static final Set<se.samverkan.contracts.DataCategory> SHARED_CATEGORIES = EnumSet.of(
            se.samverkan.contracts.DataCategory.IDENTITY, se.samverkan.contracts.DataCategory.CASE_SUMMARY);

    record Situation(TestUser user, Operation operation, boolean ownUnit, boolean onTeam, boolean unassigned,
                     Program program, Share share, boolean protectedIdentity, BasisState basis,
                     ReferralStatus referralStatus, boolean referralToOwnPoliceUnit, Reason reason, BreakGlassScope scope) {

        String breakGlass() {
            return reason.text();
        }
    }

    private static CaseAccessPolicy policyFor(BreakGlassScope scope) {
        return new CaseAccessPolicy(new BreakGlassRules(java.util.Map.of(TestUser.YOUTH_UNIT, scope, TestUser.EXIT_UNIT, scope)));
    }

    @Test
    void everyCombinationGetsTheAnswerOfTheRoleTable() {
        List<String> mismatches = new ArrayList<>();
        int checked = 0;
        java.util.Map<BreakGlassScope, CaseAccessPolicy> policies = new java.util.HashMap<>();
        for (Situation s : situations()) {
            Decision decision = policies.computeIfAbsent(s.scope(), CaseAccessPolicyMatrixTest::policyFor).decide(request(s));
            Expected expected = expected(s);
            checked++;
            if (decision.allowed() != expected.allowed || !decision.allowed() && decision.caseVisible() != expected.visible) {
                mismatches.add(s + " -> " + decision + " expected " + expected);
            }
            if (decision.allowed() && s.protectedIdentity() && !s.onTeam()) {
                assertThat(decision.fieldGroups()).as("protected identity outside the team: %s", s).doesNotContain(FieldGroup.CONTACT);
            }
            if (decision.allowed() && s.user() == TestUser.COMPLIANCE_OFFICER) {
                assertThat(decision.fieldGroups()).as("compliance sees metadata only").containsOnly(FieldGroup.METADATA);
            }
            if (decision.allowed() && s.user() == TestUser.POLICE_LIAISON && s.operation() == POLICE_READ_REFERRAL) {
                assertThat(decision.fieldGroups()).containsOnly(FieldGroup.REFERRAL_SNAPSHOT);
            }
            if (decision.allowed() && s.user().roles().contains(Role.EXIT_COORDINATOR) && s.operation() == READ_CASE) {
                assertThat(decision.fieldGroups()).as("a partner sees the shared categories only: %s", s)
                        .containsExactlyInAnyOrder(FieldGroup.METADATA, FieldGroup.PARTNER_SECTION, FieldGroup.IDENTITY,
                                FieldGroup.SHARED_NOTES);
            }
            if (decision.allowed() && !s.user().roles().contains(Role.EXIT_COORDINATOR)) {
                assertThat(decision.fieldGroups()).as("only a partner reads through a share: %s", s)
                        .doesNotContain(FieldGroup.PARTNER_SECTION, FieldGroup.SHARED_NOTES, FieldGroup.SHARED_MEASURES);
            }
            if (decision.shows(FieldGroup.OTHER_UNITS)) {
                assertThat(s.ownUnit()).as("other-units indicator only for the owning unit: %s", s).isTrue();
                assertThat(s.user()).as("other-units indicator: %s", s).isIn(TestUser.SOCIAL_WORKER, TestUser.SOCIAL_WORKER_COLLEAGUE,
                        TestUser.SOCIAL_WORKER_OTHER_UNIT, TestUser.SUPERVISOR);
            }
            if (decision.breakGlass()) {
                assertThat(s.reason().real()).as("break-glass only with a real reason: %s", s).isTrue();
                assertThat(s.ownUnit() || s.program() != Program.EXIT_PROGRAM)
                        .as("break-glass never into another unit's exit-program case: %s", s).isTrue();
                assertThat(s.ownUnit() || !s.protectedIdentity())
                        .as("break-glass never into another unit's protected identity: %s", s).isTrue();
                assertThat(s.ownUnit() || s.scope().reach() == BreakGlassScope.Reach.MUNICIPALITY)
                        .as("break-glass beyond the own unit only where the unit's scope says so: %s", s).isTrue();
                if (s.protectedIdentity()) {
                    assertThat(decision.fieldGroups()).as("%s", s).doesNotContain(FieldGroup.CONTACT);
                }
            }
        }
        assertThat(checked).isGreaterThan(10_000);
        assertThat(mismatches).as(mismatches.size() + " of " + checked + " combinations").isEmpty();
    }

    record Expected(boolean allowed, boolean visible) {
        static Expected allow() {
            return new Expected(true, true);
        }

        static Expected forbid() {
            return new Expected(false, true);
        }

        static Expected hide() {
            return new Expected(false, false);
        }
    }

    private static final Set<Operation> POLICE_OPS = EnumSet.of(POLICE_LIST_REFERRALS, POLICE_READ_REFERRAL, POLICE_ANSWER_REFERRAL, SEND_POLICE_REPORT);
    private static final Set<Operation> TEAM_WRITES = EnumSet.of(WRITE_CASE, SHARE_CASE, RECORD_CONSENT, WITHDRAW_CONSENT, CREATE_REFERRAL, MANAGE_REFERRAL,
            CHANGE_PROTECTION);

    static final Set<TestUser> PARTICIPANTS = Set.of(TestUser.SOCIAL_WORKER, TestUser.SOCIAL_WORKER_COLLEAGUE,
            TestUser.SOCIAL_WORKER_OTHER_UNIT, TestUser.SUPERVISOR, TestUser.POLICE_LIAISON, TestUser.SCHOOL_COUNSELLOR,
            TestUser.FIELD_ASSISTANT);

    /** The design's role table, written out independently of the policy's code. */
    private static Expected expected(Situation s) {
        Operation op = s.operation();
        if (op == MAINTAIN_LEGAL_BASES) {
            // issue 15: the data-protection role of the municipality whose catalogue it is ("own unit": hanna's own)
            return s.user() == TestUser.COMPLIANCE_OFFICER || s.user() == TestUser.COMPLIANCE_OFFICER_BOTKYRKA && s.ownUnit()
                    ? Expected.allow() : Expected.forbid();
        }
        if (op == MAINTAIN_VOCABULARIES) {
            return s.user() == TestUser.ADMINISTRATOR ? Expected.allow() : Expected.forbid();
        }
        if (op == READ_EFFECT_FIGURES) {
            // the municipality asked about is the actor's own in every situation here; another one's: see the test below
            return s.user() == TestUser.ANALYST ? Expected.allow() : Expected.forbid();
        }
        if (op == RETENTION_REPORT) {
            return s.user() == TestUser.SUPERVISOR && s.ownUnit() ? Expected.allow() : Expected.forbid();
        }
        if (op == SUBJECT_ACCESS_REQUEST) {
            return s.user() == TestUser.SUPERVISOR ? Expected.allow() : Expected.forbid();
        }
        if (op == READ_SUBJECT_ACCESS_REQUEST) {
            // without a request: the list of the officer's or supervisor's own municipality's requests
            return s.user() == TestUser.SUPERVISOR || s.user() == TestUser.COMPLIANCE_OFFICER
                    || s.user() == TestUser.COMPLIANCE_OFFICER_BOTKYRKA ? Expected.allow() : Expected.forbid();
        }
        if (op == SUBJECT_ACCESS_APPROVAL || op == SUBJECT_ACCESS_REJECTION || op == SUBJECT_ACCESS_EXPORT) {
            // no approved request, no export: a case alone (of whatever unit) never opens one
            return Expected.hide();
        }
        if (op == UNIT_REPORT) {
            boolean ownUnitSupervisor = s.user() == TestUser.SUPERVISOR && s.ownUnit();
            boolean compliance = s.user() == TestUser.COMPLIANCE_OFFICER
                    || s.user() == TestUser.COMPLIANCE_OFFICER_BOTKYRKA && s.ownUnit();
            return ownUnitSupervisor || compliance ? Expected.allow() : Expected.forbid();
        }
        boolean partner = s.user() == TestUser.EXIT_COORDINATOR || s.user() == TestUser.EXIT_COORDINATOR_COLLEAGUE;
        if (op == SUBMIT_REPORT || op == READ_REPORT_STATUS || op == READ_INTAKE_QUEUE
                || (op == HANDLE_INTAKE || op == WITHHOLD_REPORTER_FEEDBACK) && !partner) {
            return intake(s);
        }
        if (op == LIST_OWN_COMMITMENTS) {
            // the gate of "my commitments": the roles that take part in joint action plans in person (issue 15)
            return PARTICIPANTS.contains(s.user()) ? Expected.allow() : Expected.forbid();
        }
        if (op == READ_COMMITMENT || op == REPORT_COMMITMENT) {
            // no commitment in these facts, so nobody's own: CommitmentAccessPolicyMatrixTest covers commitments
            return Expected.hide();
        }
        boolean teamMember = s.ownUnit() && s.onTeam();
        TestUser u = s.user();
        if (u == TestUser.ADMINISTRATOR || u == TestUser.SCHOOL_COUNSELLOR || u == TestUser.FIELD_ASSISTANT
                || u == TestUser.ANALYST) {
            return Expected.hide();
        }
        if (u == TestUser.POLICE_LIAISON) {
            if (op == SEND_POLICE_REPORT || op == POLICE_LIST_REFERRALS) {
                return Expected.allow();
            }
            if (op == POLICE_READ_REFERRAL || op == POLICE_ANSWER_REFERRAL) {
                if (!s.referralToOwnPoliceUnit() || s.referralStatus() == ReferralStatus.AWAITING_APPROVAL) {
                    return Expected.hide();
                }
                return s.referralStatus() != ReferralStatus.REVOKED && s.referralStatus() != ReferralStatus.DECLINED
                        && s.basis() == BasisState.HOLDS ? Expected.allow() : Expected.forbid();
            }
            return Expected.hide();
        }
        if (POLICE_OPS.contains(op)) {
            return Expected.hide();
        }
        if (u == TestUser.COMPLIANCE_OFFICER) {
            return op == READ_CASE || op == LIST_CASES || op == READ_BREAK_GLASS_REASON ? Expected.allow() : Expected.hide();
        }
        if (u == TestUser.COMPLIANCE_OFFICER_BOTKYRKA) {
            // oversight of her own municipality's cases (ownUnit: the case is Botkyrka's), none of Haninge's
            return s.ownUnit() && (op == READ_CASE || op == LIST_CASES || op == READ_BREAK_GLASS_REASON) ? Expected.allow() : Expected.hide();
        }
        if (u == TestUser.EXIT_COORDINATOR || u == TestUser.EXIT_COORDINATOR_COLLEAGUE) {
            // only a share that names the reader, in the reader's unit, of another municipality's exit case
            boolean named = u == TestUser.EXIT_COORDINATOR && s.share().namesGoranInHisUnit() && !s.ownUnit()
                    && s.program() == Program.EXIT_PROGRAM;
            if (!named || op == OPEN_CASE) {
                // opening a case names no case, so no share can grant it
                return Expected.hide();
            }
            if (s.share().lapse != null) {
                return op == LIST_CASES ? Expected.hide() : Expected.forbid();
            }
            if (op == READ_CASE || op == LIST_CASES || op == PARTNER_WRITE) {
                return Expected.allow();
            }
            return Expected.forbid();
        }
        if (u == TestUser.SUPERVISOR) {
            if (op == OPEN_CASE) {
                return s.ownUnit() ? Expected.allow() : Expected.forbid();
            }
            if (!s.ownUnit()) {
                return Expected.hide();
            }
            if (op == READ_CASE || op == LIST_CASES || op == ASSIGN_TEAM || op == APPROVE_REFERRAL || op == APPROVE_SHARE || op == SHARE_CASE
                    || op == MANAGE_LEGAL_HOLD || op == CHANGE_PROTECTION || op == READ_BREAK_GLASS_REASON) {
                return Expected.allow();
            }
            if (op == PARTNER_WRITE) {
                // the partner's section is the partner's: the owner writes in its own journal
                return Expected.forbid();
            }
            return s.onTeam() ? Expected.allow() : Expected.forbid();
        }
        // social workers
        boolean unassignedIntake = s.ownUnit() && s.unassigned();
        if (op == OPEN_CASE) {
            return s.ownUnit() ? Expected.allow() : Expected.forbid();
        }
        if (op == READ_CASE) {
            if (teamMember || unassignedIntake) {
                return Expected.allow();
            }
            if (s.reason() == NO_REASON) {
                return Expected.hide();
            }
            // another unit's case is reached only by a municipality-wide scope, and never its exit or protected cases
            boolean reachable = s.ownUnit() || s.scope().reach() == BreakGlassScope.Reach.MUNICIPALITY
                    && s.program() != Program.EXIT_PROGRAM && !s.protectedIdentity();
            if (!reachable || !s.reason().real()) {
                return Expected.hide();
            }
            return s.protectedIdentity() && !s.scope().allowProtectedIdentity() ? Expected.forbid() : Expected.allow();
        }
        if (op == LIST_CASES) {
            return teamMember || unassignedIntake ? Expected.allow() : Expected.hide();
        }
        if (TEAM_WRITES.contains(op)) {
            return teamMember ? Expected.allow() : unassignedIntake ? Expected.forbid() : Expected.hide();
        }
        return teamMember || unassignedIntake ? Expected.forbid() : Expected.hide();
    }

    /**
     * Issue 15's intake: the police and the municipality's concern reporters (both of Haninge here) send reports to
     * Haninge's units; a sender reads the status of its own unit's reports ("own unit": the report's sending unit) and
     * nothing else; the queue's rows and a report's handling are the receiving unit's: its supervisor, the case team,
     * and any of its social workers while the intake has no team.
     */
    private static Expected intake(Situation s) {
        TestUser u = s.user();
        boolean reporter = u == TestUser.POLICE_LIAISON || u == TestUser.SCHOOL_COUNSELLOR || u == TestUser.FIELD_ASSISTANT;
        boolean socialWorker = u == TestUser.SOCIAL_WORKER || u == TestUser.SOCIAL_WORKER_COLLEAGUE
                || u == TestUser.SOCIAL_WORKER_OTHER_UNIT;
        return switch (s.operation()) {
            case SUBMIT_REPORT -> reporter ? Expected.allow() : Expected.forbid();
            case READ_REPORT_STATUS -> !reporter ? Expected.forbid() : s.ownUnit() ? Expected.allow() : Expected.hide();
            case READ_INTAKE_QUEUE -> u == TestUser.SUPERVISOR && s.ownUnit()
                    || socialWorker && s.ownUnit() && (s.onTeam() || s.unassigned()) ? Expected.allow() : Expected.hide();
            case HANDLE_INTAKE, WITHHOLD_REPORTER_FEEDBACK -> {
                if (!(u == TestUser.SUPERVISOR || socialWorker) || !s.ownUnit()) {
                    yield Expected.hide();
                }
                yield u == TestUser.SUPERVISOR || s.onTeam() || s.unassigned() ? Expected.allow() : Expected.forbid();
            }
            default -> throw new IllegalArgumentException(s.operation().name());
        };
    }

    private static List<Situation> situations() {
        List<Situation> all = new ArrayList<>();
        for (TestUser user : TestUser.all()) {
            for (Operation op : Operation.values()) {
                for (boolean ownUnit : List.of(true, false)) {
                    for (boolean onTeam : List.of(true, false)) {
                        for (boolean unassigned : List.of(true, false)) {
                            if (unassigned && onTeam) {
                                continue;
                            }
                            for (Program program : Program.values()) {
                                for (Share shared : user.roles().contains(Role.EXIT_COORDINATOR) ? List.of(Share.values())
                                        : List.of(Share.NONE, Share.NAMES_GORAN)) {
                                    for (boolean prot : List.of(true, false)) {
                                        for (BasisState basis : List.of(BasisState.HOLDS, BasisState.CONSENT_WITHDRAWN, BasisState.CONSENT_EXPIRED, BasisState.CONSENT_MISSING)) {
                                            for (ReferralStatus status : List.of(ReferralStatus.SENT, ReferralStatus.ACCEPTED, ReferralStatus.DECLINED, ReferralStatus.REVOKED, ReferralStatus.AWAITING_APPROVAL)) {
                                                for (boolean ownPolice : List.of(true, false)) {
                                                    // reason quality and scope only matter where the header is read
                                                    for (Reason reason : op == READ_CASE ? ALL_REASONS : SOME_REASONS) {
                                                        for (BreakGlassScope scope : op == READ_CASE ? SCOPES : List.of(BreakGlassScope.DEFAULT)) {
                                                            all.add(new Situation(user, op, ownUnit, onTeam, unassigned, program, shared, prot,
                                                                    basis, status, ownPolice, reason, scope));
                                                        }
                                                    }
                                                }
                                            }
                                        }
                                    }
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
        Actor actor = s.user().actor();
        // "own unit" means the case belongs to the actor's own unit and municipality; the other unit is in Haninge too
        String unit = s.ownUnit() ? actor.unit() : "haninge-annan-enhet";
        String municipality = s.ownUnit() ? actor.municipality() : TestUser.HANINGE;
        List<String> team = s.unassigned() ? List.of() : s.onTeam() ? List.of(actor.userId(), "someone") : List.of("someone");
        List<CaseFacts.ShareFacts> shares = s.share() == Share.NONE || s.share() == Share.LEGACY_MUNICIPALITY_ONLY ? List.of()
                : List.of(new CaseFacts.ShareFacts("share-1", TestUser.BOTKYRKA,
                s.share() == Share.NAMES_GORAN_IN_ANOTHER_UNIT ? "botkyrka-annan-enhet" : "botkyrka-avhopp",
                List.of(TestUser.EXIT_COORDINATOR.id()), SHARED_CATEGORIES, s.share().lapse));
        CaseFacts facts = new CaseFacts(UUID.randomUUID(), UUID.randomUUID(), s.program(), municipality, unit, team,
                s.share() == Share.NONE ? List.of() : List.of(TestUser.BOTKYRKA),
                s.protectedIdentity() ? ProtectedIdentity.SKYDDAD_FOLKBOKFORING : ProtectedIdentity.NONE,
                s.share() == Share.NAMES_GORAN_CASE_CLOSED ? CaseStatus.CLOSED : CaseStatus.OPEN, shares);
        ReferralFacts referral = new ReferralFacts(UUID.randomUUID(), s.referralToOwnPoliceUnit() ? TestUser.POLICE_UNIT : "polisen-annan",
                s.referralStatus(), LegalBasis.CONSENT.name(), s.basis());
        boolean precedesCase = s.operation() == OPEN_CASE || s.operation() == UNIT_REPORT || s.operation() == RETENTION_REPORT || s.operation() == SEND_POLICE_REPORT || s.operation() == POLICE_LIST_REFERRALS
                || s.operation() == SUBMIT_REPORT || s.operation() == READ_REPORT_STATUS
                || s.operation() == MAINTAIN_LEGAL_BASES || s.operation() == MAINTAIN_VOCABULARIES
                || s.operation() == LIST_OWN_COMMITMENTS
                || s.operation() == READ_EFFECT_FIGURES;
        return new AccessRequest(actor, s.operation(), precedesCase ? null : facts,
                s.operation() == POLICE_READ_REFERRAL || s.operation() == POLICE_ANSWER_REFERRAL ? referral : null,
                s.breakGlass(), municipality, unit);
    }

    @Test
    void aMunicipalityWideScopeNeverCrossesIntoAnotherMunicipality() {
        CaseAccessPolicy wide = policyFor(new BreakGlassScope(BreakGlassScope.Reach.MUNICIPALITY, true));
        Actor bertil = TestUser.SOCIAL_WORKER_OTHER_UNIT.actor();
        CaseFacts botkyrka = new CaseFacts(UUID.randomUUID(), UUID.randomUUID(), Program.RAPID_INTERVENTION, TestUser.BOTKYRKA,
                "botkyrka-ungdom", List.of("someone"), List.of(), ProtectedIdentity.NONE, CaseStatus.OPEN);
        Decision decision = wide.decide(new AccessRequest(bertil, READ_CASE, botkyrka, null, REAL.text(), null, null));
        assertThat(decision.allowed()).isFalse();
        assertThat(decision.caseVisible()).isFalse();
    }

    @Test
    void theScopeIsTheReadersUnitsAndAnUnnamedUnitGetsTheDefault() {
        CaseAccessPolicy youthWide = new CaseAccessPolicy(new BreakGlassRules(java.util.Map.of(TestUser.YOUTH_UNIT,
                new BreakGlassScope(BreakGlassScope.Reach.MUNICIPALITY, false))));
        CaseFacts exitUnitCase = new CaseFacts(UUID.randomUUID(), UUID.randomUUID(), Program.RAPID_INTERVENTION, TestUser.HANINGE,
                TestUser.EXIT_UNIT, List.of("someone"), List.of(), ProtectedIdentity.NONE, CaseStatus.OPEN);
        CaseFacts youthUnitCase = new CaseFacts(UUID.randomUUID(), UUID.randomUUID(), Program.RAPID_INTERVENTION, TestUser.HANINGE,
                TestUser.YOUTH_UNIT, List.of("someone"), List.of(), ProtectedIdentity.NONE, CaseStatus.OPEN);
        assertThat(youthWide.decide(new AccessRequest(TestUser.SOCIAL_WORKER.actor(), READ_CASE, exitUnitCase, null, REAL.text(), null, null))
                .breakGlass()).isTrue();
        assertThat(youthWide.decide(new AccessRequest(TestUser.SOCIAL_WORKER_OTHER_UNIT.actor(), READ_CASE, youthUnitCase, null, REAL.text(), null, null))
                .allowed()).as("haninge-avhopp is not named, so it keeps the own-unit default").isFalse();
    }

    @Test
    void aProtectedCaseOfTheOwnUnitIsRefusedOpenlyWithoutSayingItIsProtected() {
        CaseFacts protectedCase = new CaseFacts(UUID.randomUUID(), UUID.randomUUID(), Program.RAPID_INTERVENTION, TestUser.HANINGE,
                TestUser.YOUTH_UNIT, List.of("someone"), List.of(), ProtectedIdentity.SKYDDAD_FOLKBOKFORING, CaseStatus.OPEN);
        Decision decision = policy.decide(new AccessRequest(TestUser.SOCIAL_WORKER_COLLEAGUE.actor(), READ_CASE, protectedCase, null,
                REAL.text(), null, null));
        assertThat(decision.allowed()).isFalse();
        assertThat(decision.caseVisible()).isTrue();
        assertThat(decision.denialReason()).doesNotContainIgnoringCase("protect").contains("supervisor");
    }

    /** Issue 15: the catalogues are changed only on a municipal token of the municipality, whatever role a token claims. */
    @Test
    void aCatalogueRoleOnAnotherAgencysTokenOrForAnotherMunicipalityChangesNothing() {
        Actor policeOfficer = new Actor("x", Set.of(Role.COMPLIANCE_OFFICER, Role.ADMINISTRATOR), se.samverkan.contracts.Agency.POLICE,
                "0136", "polisen-haninge");
        Actor eva = TestUser.COMPLIANCE_OFFICER.actor();
        Actor frida = TestUser.ADMINISTRATOR.actor();
        assertThat(policy.decide(AccessRequest.forUnit(policeOfficer, MAINTAIN_LEGAL_BASES, "0136", null)).allowed()).isFalse();
        assertThat(policy.decide(AccessRequest.forUnit(policeOfficer, MAINTAIN_VOCABULARIES, "0136", null)).allowed()).isFalse();
        assertThat(policy.decide(AccessRequest.forUnit(eva, MAINTAIN_LEGAL_BASES, TestUser.BOTKYRKA, null)).allowed()).isFalse();
        assertThat(policy.decide(AccessRequest.forUnit(frida, MAINTAIN_VOCABULARIES, TestUser.BOTKYRKA, null)).allowed()).isFalse();
        assertThat(policy.decide(AccessRequest.forUnit(eva, MAINTAIN_VOCABULARIES, "0136", null)).caseVisible())
                .as("a refusal says why (403): there is no case to hide").isTrue();
        assertThat(policy.decide(AccessRequest.forUnit(frida, MAINTAIN_LEGAL_BASES, "0136", null)).denialReason())
                .contains("data-protection role");
    }

    /** Issue 15: the effect figures are the own municipality's analysts' only, and an analyst gets nothing else. */
    @Test
    void theEffectFiguresAreForTheOwnMunicipalitysAnalystsOnly() {
        Actor alva = TestUser.ANALYST.actor();
        Actor botkyrkaAnalyst = new Actor("analyst-botkyrka", Set.of(Role.ANALYST), se.samverkan.contracts.Agency.MUNICIPALITY,
                TestUser.BOTKYRKA, "botkyrka-analys");
        Actor policeWithAnalystRole = new Actor("odd", Set.of(Role.ANALYST), se.samverkan.contracts.Agency.POLICE, TestUser.HANINGE,
                "polisen-haninge");

        Decision own = policy.decide(AccessRequest.forUnit(alva, READ_EFFECT_FIGURES, TestUser.HANINGE, null));
        assertThat(own.allowed()).isTrue();
        assertThat(own.fieldGroups()).containsOnly(FieldGroup.EFFECT_FIGURES);
        assertThat(policy.decide(AccessRequest.forUnit(alva, READ_EFFECT_FIGURES, TestUser.BOTKYRKA, null)).allowed()).isFalse();
        assertThat(policy.decide(AccessRequest.forUnit(botkyrkaAnalyst, READ_EFFECT_FIGURES, TestUser.HANINGE, null)))
                .satisfies(d -> assertThat(d.allowed()).isFalse())
                .satisfies(d -> assertThat(d.denialReason()).contains("own municipality"));
        assertThat(policy.decide(AccessRequest.forUnit(botkyrkaAnalyst, READ_EFFECT_FIGURES, TestUser.BOTKYRKA, null)).allowed()).isTrue();
        assertThat(policy.decide(AccessRequest.forUnit(policeWithAnalystRole, READ_EFFECT_FIGURES, TestUser.HANINGE, null)).allowed())
                .as("the role on a police token").isFalse();
        assertThat(policy.decide(AccessRequest.forUnit(alva, READ_EFFECT_FIGURES, null, null)).allowed()).isFalse();
        for (Operation op : Operation.values()) {
            if (op != READ_EFFECT_FIGURES) {
                assertThat(policy.decide(AccessRequest.forUnit(alva, op, TestUser.HANINGE, TestUser.ANALYST.unit())).allowed())
                        .as("an analyst may not " + op).isFalse();
            }
        }
    }

    @Test
    void anActorWithoutRolesGetsNothing() {
        Actor nobody = new Actor("x", Set.of(), se.samverkan.contracts.Agency.SOCIAL_SERVICES, "0136", "haninge-ungdom");
        assertThat(policy.decide(new AccessRequest(nobody, OPEN_CASE, null, null, null, "0136", "haninge-ungdom")).allowed()).isFalse();
    }

    @Test
    void aSocialWorkerRoleOnAPoliceTokenOpensNothing() {
        Actor odd = new Actor("x", Set.of(Role.SOCIAL_WORKER), se.samverkan.contracts.Agency.POLICE, "0136", "haninge-ungdom");
        assertThat(policy.decide(new AccessRequest(odd, OPEN_CASE, null, null, null, "0136", "haninge-ungdom")).allowed()).isFalse();
    }
}
