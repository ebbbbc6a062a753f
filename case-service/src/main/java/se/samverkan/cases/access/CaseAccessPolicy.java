package se.samverkan.cases.access;

import se.samverkan.cases.access.ReferralFacts.BasisState;
import se.samverkan.cases.domain.ReferralStatus;
import se.samverkan.contracts.Agency;
import se.samverkan.contracts.Program;
import se.samverkan.platform.identity.Actor;
import se.samverkan.platform.identity.Role;

import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import static se.samverkan.cases.access.FieldGroup.*;
import static se.samverkan.cases.access.Operation.*;

/**
 * The one place that decides who may read or write case data. Deny by default: every role gets only what the
 * design's role table grants, refusals for cases the caller has no relation to look like "not found", and address
 * and location of a protected identity stay inside the case team.
 */
public final class CaseAccessPolicy {

    private static final Set<FieldGroup> FULL = EnumSet.of(METADATA, IDENTITY, CONTACT, CONTENT, CONSENTS, REFERRALS);
    private static final Set<Operation> POLICE_OPERATIONS = EnumSet.of(POLICE_LIST_REFERRALS, POLICE_READ_REFERRAL,
            POLICE_ANSWER_REFERRAL, SEND_POLICE_REPORT);
    private static final Set<Operation> TEAM_WRITES = EnumSet.of(WRITE_CASE, SHARE_CASE, RECORD_CONSENT, WITHDRAW_CONSENT,
            CREATE_REFERRAL, MANAGE_REFERRAL, CHANGE_PROTECTION);
    private static final Set<Operation> INTAKE_OPERATIONS = EnumSet.of(SUBMIT_REPORT, READ_REPORT_STATUS,
            READ_INTAKE_QUEUE, HANDLE_INTAKE, WITHHOLD_REPORTER_FEEDBACK);
    private static final Set<Operation> SUBJECT_ACCESS_OPERATIONS = EnumSet.of(SUBJECT_ACCESS_REQUEST, SUBJECT_ACCESS_APPROVAL,
            SUBJECT_ACCESS_REJECTION, SUBJECT_ACCESS_EXPORT, READ_SUBJECT_ACCESS_REQUEST);

    private static final Set<Operation> PARTICIPANT_OPERATIONS = EnumSet.of(LIST_OWN_COMMITMENTS, READ_COMMITMENT,
            REPORT_COMMITMENT);
    /** The roles whose holders take part in joint action plans in person and may own a commitment (issue 15). */
    private static final Set<Role> PARTICIPANT_ROLES = EnumSet.of(Role.CONCERN_REPORTER, Role.POLICE_LIAISON,
            Role.SOCIAL_WORKER, Role.SUPERVISOR);

    private final BreakGlassRules breakGlassRules;

    public CaseAccessPolicy() {
        this(BreakGlassRules.DEFAULTS);
    }

    public CaseAccessPolicy(BreakGlassRules breakGlassRules) {
        this.breakGlassRules = breakGlassRules;
    }

    public Decision decide(AccessRequest request) {
        Actor actor = request.actor();
        List<Decision> decisions = actor.roles().stream().map(role -> decide(role, request)).toList();
        // with several roles the most permissive answer counts; refusals rank by how much they may reveal
        return decisions.stream()
                .max(Comparator.comparing(Decision::allowed).thenComparing(Decision::caseVisible))
                .orElse(Decision.hide("no role grants access to case data"));
    }

    private Decision decide(Role role, AccessRequest r) {
        if (POLICE_OPERATIONS.contains(r.operation()) && role != Role.POLICE_LIAISON) {
            return Decision.hide("the police API is for police liaisons");
        }
        if (r.operation() == UNIT_REPORT) {
            return unitReport(role, r);
        }
        if (r.operation() == RETENTION_REPORT) {
            return role == Role.SUPERVISOR && r.actor().agency() == Agency.SOCIAL_SERVICES
                    && r.actor().worksIn(r.targetMunicipality(), r.targetUnit())
                    ? Decision.allow("unit-supervisor", Set.of(METADATA))
                    : Decision.forbid("the retention report is for the unit's supervisor");
        }
        if (SUBJECT_ACCESS_OPERATIONS.contains(r.operation())) {
            return subjectAccess(role, r);
        }
        if (INTAKE_OPERATIONS.contains(r.operation())) {
            return intake(role, r);
        }
        if (r.operation() == MAINTAIN_LEGAL_BASES || r.operation() == MAINTAIN_VOCABULARIES) {
            return catalogue(role, r);
        }
        if (PARTICIPANT_OPERATIONS.contains(r.operation())) {
            return participant(role, r);
        }
        if (r.operation() == READ_EFFECT_FIGURES) {
            return effectFigures(role, r);
        }
        return switch (role) {
            case SOCIAL_WORKER -> socialWorker(r);
            case SUPERVISOR -> supervisor(r);
            case POLICE_LIAISON -> policeLiaison(r);
            case EXIT_COORDINATOR -> exitCoordinator(r);
            case COMPLIANCE_OFFICER -> complianceOfficer(r);
            case ADMINISTRATOR -> Decision.hide("administrators have no access to case data");
            case CONCERN_REPORTER -> Decision.hide("reporters outside social services have no access to case data");
            case ANALYST -> Decision.hide("analysts see cohort figures, never a case");
        };
    }

    private Decision socialWorker(AccessRequest r) {
        Actor actor = r.actor();
        if (actor.agency() != Agency.SOCIAL_SERVICES) {
            return Decision.hide("only social services staff work on cases");
        }
        if (r.operation() == OPEN_CASE) {
            return actor.worksIn(r.targetMunicipality(), r.targetUnit())
                    ? Decision.allow("own-unit", Set.of(METADATA))
                    : Decision.forbid("social workers open cases only in their own unit");
        }
        if (r.operation() == LIST_CASES) {
            return listRow(r, ownUnit(r) && (onTeam(r) || unassigned(r)), "case-team");
        }
        CaseFacts c = r.caseFacts();
        if (c == null) {
            return Decision.hide("social workers have no police operations");
        }
        boolean ownUnit = ownUnit(r);
        boolean onTeam = onTeam(r);
        boolean unassignedIntake = ownUnit && unassigned(r);
        if (r.operation() == READ_CASE) {
            if (onTeam && ownUnit || unassignedIntake) {
                return Decision.allow(onTeam ? "case-team" : "own-unit-intake", withOtherUnits(visible(FULL, c, onTeam)));
            }
            if (r.breakGlassReason() != null) {
                return breakGlass(r, c, ownUnit);
            }
            return Decision.hide("not on the case team; a break-glass read needs a written reason");
        }
        if (TEAM_WRITES.contains(r.operation())) {
            if (onTeam && ownUnit) {
                return Decision.allow("case-team", Set.of(METADATA));
            }
            return unassignedIntake ? Decision.forbid("only the case team may change a case; ask the supervisor to assign you")
                    : Decision.hide("not on the case team");
        }
        return onTeam && ownUnit || unassignedIntake
                ? Decision.forbid("a social worker may not " + describe(r.operation()))
                : Decision.hide("not on the case team");
    }

    private Decision supervisor(AccessRequest r) {
        Actor actor = r.actor();
        if (actor.agency() != Agency.SOCIAL_SERVICES) {
            return Decision.hide("only social services staff supervise cases");
        }
        if (r.operation() == OPEN_CASE) {
            return actor.worksIn(r.targetMunicipality(), r.targetUnit())
                    ? Decision.allow("own-unit", Set.of(METADATA))
                    : Decision.forbid("supervisors open cases only in their own unit");
        }
        if (r.operation() == LIST_CASES) {
            return listRow(r, ownUnit(r), "unit-supervisor");
        }
        CaseFacts c = r.caseFacts();
        if (c == null || !ownUnit(r)) {
            return Decision.hide("not a case of your unit");
        }
        boolean onTeam = onTeam(r);
        return switch (r.operation()) {
            case READ_CASE -> Decision.allow("unit-supervisor", withOtherUnits(visible(FULL, c, onTeam)));
            case READ_BREAK_GLASS_REASON -> Decision.allow("unit-supervisor", Set.of(METADATA));
            case ASSIGN_TEAM, APPROVE_REFERRAL, SHARE_CASE, MANAGE_LEGAL_HOLD, CHANGE_PROTECTION, APPROVE_SHARE ->
                    Decision.allow("unit-supervisor", Set.of(METADATA));
            case WRITE_CASE, RECORD_CONSENT, WITHDRAW_CONSENT, CREATE_REFERRAL, MANAGE_REFERRAL -> onTeam
                    ? Decision.allow("case-team", Set.of(METADATA))
                    : Decision.forbid("supervisors change case content only when on the case team; assign yourself first");
            default -> Decision.forbid("a supervisor may not " + describe(r.operation()));
        };
    }

    private Decision policeLiaison(AccessRequest r) {
        Actor actor = r.actor();
        if (actor.agency() != Agency.POLICE) {
            return Decision.hide("police liaison role without police agency");
        }
        return switch (r.operation()) {
            case SEND_POLICE_REPORT -> Decision.allow("police-report", Set.of());
            case POLICE_LIST_REFERRALS -> Decision.allow("own-police-unit", Set.of(METADATA));
            case POLICE_READ_REFERRAL, POLICE_ANSWER_REFERRAL -> policeReferral(r);
            default -> Decision.hide("the police see referrals, never the case");
        };
    }

    private Decision policeReferral(AccessRequest r) {
        ReferralFacts referral = r.referral();
        if (referral == null || !referral.policeUnit().equals(r.actor().unit())
                || referral.status() == ReferralStatus.AWAITING_APPROVAL) {
            return Decision.hide("no referral to your unit");
        }
        if (referral.status() == ReferralStatus.REVOKED) {
            return Decision.forbid("the referral was revoked; its data may no longer be used");
        }
        // a declined referral is one the police said they will not act on: they have no use for its data any more
        if (referral.status() == ReferralStatus.DECLINED) {
            return Decision.forbid("the referral was declined; its data may no longer be used");
        }
        if (referral.basis() != BasisState.HOLDS) {
            return Decision.forbid(switch (referral.basis()) {
                case CONSENT_WITHDRAWN -> "the consent the referral rests on was withdrawn";
                case CONSENT_EXPIRED -> "the consent the referral rests on has expired";
                case CONSENT_MISSING -> "the consent the referral rests on is not on the case";
                case CONSENT_NOT_YET_VALID, HOLDS -> "the consent the referral rests on is not yet valid";
            });
        }
        return Decision.allow(referral.legalBasis(), Set.of(REFERRAL_SNAPSHOT));
    }

    /**
     * A partner municipality's exit coordinator sees an exit case only through a share that names them, only while it
     * holds (its consent in force, not ended, the case open), and only the categories shared: the partner is another
     * authority, so it never sees the owner's consents, referrals, other partners or unshared notes. Anyone of the
     * partner not named, and every other case, is "not found"; a coordinator whose share ended is told so (403).
     */
    private Decision exitCoordinator(AccessRequest r) {
        CaseFacts c = r.caseFacts();
        if (r.operation() == LIST_CASES && c == null) {
            return Decision.allow("partner-share", Set.of(METADATA));
        }
        // a partner is another municipality: a "share" with the case's own municipality grants nothing
        if (c == null || c.program() != Program.EXIT_PROGRAM || c.municipality().equals(r.actor().municipality())) {
            return Decision.hide("exit coordinators see only exit-program cases another municipality shared with them");
        }
        CaseFacts.ShareFacts share = c.shareAssignedTo(r.actor()).orElse(null);
        if (share == null) {
            return Decision.hide("exit coordinators see only exit-program cases whose share names them");
        }
        if (!share.holds()) {
            return r.operation() == LIST_CASES ? Decision.hide("the share ended")
                    : Decision.forbid("the share of this case with your unit no longer holds ("
                    + share.lapse().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ') + ")");
        }
        return switch (r.operation()) {
            case LIST_CASES, PARTNER_WRITE -> Decision.allow("partner-share", Set.of(METADATA));
            case READ_CASE -> Decision.allow("partner-share", partnerView(share, c));
            case SHARE_CASE -> Decision.forbid("only the owning municipality shares the case, ends a share or records cost sharing");
            default -> Decision.forbid("a partner reads the shared categories and writes in its own section, nothing else");
        };
    }

    /**
     * A participant of a joint action plan sees their own commitments and nothing else of the case (issue 15): only
     * as the commitment's owner (their account, in the organisation named, from their own token), only while the case
     * is open, and only within the subject's consents that name their organisation for joint planning and hold today
     * ({@code CommitmentVisibility}, which needs {@code MEASURES}). What else such a consent covers decides what else
     * they read beside it: what the meeting agreed ({@code CASE_SUMMARY}), who the young person is ({@code IDENTITY});
     * never the address, the case's other parts, or even which case it is. Without such a consent they learn nothing,
     * not even that the case exists (404); a withdrawal or expiry ends it at once. An owner on the case team of the
     * owning unit needs no consent: it is their own case.
     */
    private Decision participant(Role role, AccessRequest r) {
        Actor actor = r.actor();
        CommitmentFacts c = r.commitment();
        CaseFacts facts = r.caseFacts();
        if (facts == null && c == null && r.operation() == LIST_OWN_COMMITMENTS) {
            return PARTICIPANT_ROLES.contains(role) ? Decision.allow("participant", Set.of())
                    : Decision.forbid("'my commitments' is for the participants of joint action plans");
        }
        if (facts == null || c == null || !PARTICIPANT_ROLES.contains(role) || !c.ownedBy(actor)) {
            return Decision.hide("not a commitment of yours");
        }
        if (facts.status() != se.samverkan.cases.domain.CaseStatus.OPEN) {
            return Decision.hide("the case is closed");
        }
        if (actor.agency() == Agency.SOCIAL_SERVICES && facts.onTeam(actor.userId())
                && actor.worksIn(facts.municipality(), facts.unit())) {
            return Decision.allow("case-team", EnumSet.of(COMMITMENT, MEETING_AGREEMENT, IDENTITY));
        }
        var granted = c.granted();
        if (!granted.contains(se.samverkan.contracts.DataCategory.MEASURES)) {
            return Decision.hide("no valid consent names your organisation for joint planning");
        }
        EnumSet<FieldGroup> groups = EnumSet.of(COMMITMENT);
        if (granted.contains(se.samverkan.contracts.DataCategory.CASE_SUMMARY)) {
            groups.add(MEETING_AGREEMENT);
        }
        if (granted.contains(se.samverkan.contracts.DataCategory.IDENTITY)) {
            groups.add(IDENTITY);
        }
        return Decision.allow("CONSENT", groups);
    }

    private static Set<FieldGroup> partnerView(CaseFacts.ShareFacts share, CaseFacts c) {
        EnumSet<FieldGroup> groups = EnumSet.of(METADATA, PARTNER_SECTION);
        var categories = share.dataCategories();
        if (categories.contains(se.samverkan.contracts.DataCategory.IDENTITY)) {
            groups.add(IDENTITY);
        }
        // a protected address stays inside the case team, whatever the consent says
        if (categories.contains(se.samverkan.contracts.DataCategory.CONTACT) && !c.isProtected()) {
            groups.add(CONTACT);
        }
        if (categories.contains(se.samverkan.contracts.DataCategory.CASE_SUMMARY)) {
            groups.add(SHARED_NOTES);
        }
        if (categories.contains(se.samverkan.contracts.DataCategory.MEASURES)) {
            groups.add(SHARED_MEASURES);
        }
        if (categories.contains(se.samverkan.contracts.DataCategory.RISK_ASSESSMENT)) {
            groups.add(SHARED_RISK_ASSESSMENT);
        }
        return groups;
    }

    private Decision complianceOfficer(AccessRequest r) {
        if (r.operation() == LIST_CASES && r.caseFacts() == null) {
            return Decision.allow("compliance-oversight", Set.of(METADATA));
        }
        if (r.operation() == LIST_CASES || r.operation() == READ_CASE) {
            CaseFacts c = r.caseFacts();
            return c != null && r.actor().municipality().equals(c.municipality())
                    ? Decision.allow("compliance-oversight", Set.of(METADATA))
                    : Decision.hide("not a case of your municipality");
        }
        if (r.operation() == READ_BREAK_GLASS_REASON) {
            CaseFacts c = r.caseFacts();
            // reviewing why someone broke the glass is what oversight is for; the reason is all that is disclosed
            return c != null && r.actor().municipality().equals(c.municipality())
                    ? Decision.allow("compliance-oversight", Set.of(METADATA))
                    : Decision.hide("not a case of your municipality");
        }
        return Decision.hide("compliance officers see case metadata only");
    }

    /**
     * A subject's request for what is held about them (registerutdrag) is answered for the whole authority, so its
     * export covers every case of the subject in the municipality, other units' cases included. That reach is why
     * producing it is a four-eyes act: a social services supervisor registers the request (reference, reason code),
     * a different person approves it (another supervisor of the municipality or its data-protection role), and only
     * then, within the approval's window and once, the requester gets the export. Whoever handles requests sees their
     * status; the data-protection role never sees the export. A protected address stays out of the export like
     * anywhere outside the case team: the subject knows it, and the export passes through hands that must not.
     */
    private Decision subjectAccess(Role role, AccessRequest r) {
        Actor actor = r.actor();
        boolean supervisor = role == Role.SUPERVISOR && actor.agency() == Agency.SOCIAL_SERVICES;
        boolean dataProtection = role == Role.COMPLIANCE_OFFICER;
        SubjectAccessFacts request = r.subjectAccess();
        if (r.operation() == SUBJECT_ACCESS_REQUEST) {
            return supervisor && actor.municipality().equals(r.targetMunicipality())
                    ? Decision.allow("subject-access-request", Set.of(METADATA))
                    : Decision.forbid("subject access requests are registered by a social services supervisor of the municipality");
        }
        if (request == null) {
            if (r.operation() == READ_SUBJECT_ACCESS_REQUEST) {
                return supervisor || dataProtection ? Decision.allow("subject-access-oversight", Set.of(METADATA))
                        : Decision.forbid("subject access requests are seen by supervisors and the data-protection role");
            }
            return Decision.hide("there is no subject access request; an export needs one that a second person approved");
        }
        if (!(supervisor || dataProtection) || !actor.municipality().equals(request.municipality())) {
            return Decision.hide("not a subject access request of your municipality");
        }
        boolean requester = actor.userId().equals(request.requestedBy());
        return switch (r.operation()) {
            case READ_SUBJECT_ACCESS_REQUEST -> Decision.allow("subject-access-oversight", Set.of(METADATA));
            case SUBJECT_ACCESS_APPROVAL, SUBJECT_ACCESS_REJECTION -> requester
                    ? Decision.forbid("four eyes: you registered this request, so another supervisor or the data-protection officer decides it")
                    : Decision.allow(supervisor ? "four-eyes-supervisor" : "four-eyes-data-protection", Set.of(METADATA));
            case SUBJECT_ACCESS_EXPORT -> subjectAccessExport(supervisor, requester, request, r.caseFacts());
            default -> Decision.forbid("not a step of a subject access request");
        };
    }

    private Decision subjectAccessExport(boolean supervisor, boolean requester, SubjectAccessFacts request, CaseFacts c) {
        if (!supervisor) {
            return Decision.forbid("the data-protection role sees a request's status, never its export");
        }
        if (!requester) {
            return Decision.forbid("only the supervisor who registered the request produces its export");
        }
        return switch (request.state()) {
            case PENDING_APPROVAL -> Decision.forbid("the request awaits approval by a second person");
            case REJECTED -> Decision.forbid("the request was rejected; nothing is exported");
            case EXPIRED -> Decision.forbid("the approval's window has passed; register a new request");
            case EXPORTED -> Decision.forbid("the export of this request was already produced; register a new request");
            case APPROVED -> c == null ? Decision.allow("subject-access-request", Set.of(METADATA))
                    : c.municipality().equals(request.municipality()) && c.subjectId().equals(request.subjectId())
                    ? Decision.allow("subject-access-request", visible(FULL, c, false))
                    : Decision.hide("not a case of the request's subject");
        };
    }

    /**
     * Reports in and what their senders may learn (issue 15). The police send reports to any unit; the municipality's
     * concern reporters (school, field assistants, leisure staff) to the social services of their own municipality.
     * A sender reads the status of what its own unit sent and nothing of the case behind it ({@code targetUnit}: the
     * unit that sent the report asked about, null for the list of one's own). A unit's intake queue is for its social
     * workers and supervisor, row by row as they may list the case; a report on a case is handled (safety assessment,
     * assessment, forwarding) by the case team, the unit's supervisor, or, while the intake has no team yet, any social
     * worker of the unit: the duty officer makes the same-day safety assessment before anyone is assigned.
     */
    private Decision intake(Role role, AccessRequest r) {
        Actor actor = r.actor();
        boolean police = role == Role.POLICE_LIAISON && actor.agency() == Agency.POLICE;
        boolean concernReporter = role == Role.CONCERN_REPORTER && actor.agency() == Agency.MUNICIPALITY;
        boolean socialServices = (role == Role.SOCIAL_WORKER || role == Role.SUPERVISOR) && actor.agency() == Agency.SOCIAL_SERVICES;
        return switch (r.operation()) {
            case SUBMIT_REPORT -> police ? Decision.allow("police-report", Set.of())
                    : concernReporter ? (actor.municipality().equals(r.targetMunicipality())
                    ? Decision.allow("concern-report", Set.of())
                    : Decision.forbid("concerns go to the social services of your own municipality"))
                    : Decision.forbid("reports come from the police and the reporters the municipality configured");
            case READ_REPORT_STATUS -> {
                if (!police && !concernReporter) {
                    yield Decision.forbid("the status of a report is for the unit that sent it");
                }
                boolean ownUnit = r.targetUnit() == null || actor.unit().equals(r.targetUnit())
                        && (police || actor.municipality().equals(r.targetMunicipality()));
                yield ownUnit ? Decision.allow("own-unit-reports", Set.of()) : Decision.hide("not a report your unit sent");
            }
            case READ_INTAKE_QUEUE -> {
                if (r.caseFacts() == null) {
                    yield socialServices && actor.worksIn(r.targetMunicipality(), r.targetUnit())
                            ? Decision.allow(role == Role.SUPERVISOR ? "unit-supervisor" : "own-unit", Set.of(METADATA))
                            : Decision.forbid("the intake queue is for the unit's social workers and supervisor");
                }
                boolean listed = socialServices && ownUnit(r) && (role == Role.SUPERVISOR || onTeam(r) || unassigned(r));
                yield listed ? Decision.allow(role == Role.SUPERVISOR ? "unit-supervisor" : "case-team", Set.of(METADATA))
                        : Decision.hide("not a case you may list");
            }
            // a partner's coordinator is told what a partner is told about any owner's write
            case HANDLE_INTAKE -> role == Role.EXIT_COORDINATOR ? exitCoordinator(r) : handleIntake(role, r, socialServices);
            // whoever handles the report on the case decides whether telling its sender is appropriate
            case WITHHOLD_REPORTER_FEEDBACK -> role == Role.EXIT_COORDINATOR ? exitCoordinator(r) : handleIntake(role, r, socialServices);
            default -> Decision.hide("not an intake operation");
        };
    }

    private Decision handleIntake(Role role, AccessRequest r, boolean socialServices) {
        if (!socialServices || r.caseFacts() == null || !ownUnit(r)) {
            return Decision.hide("reports are handled by the receiving unit's social services");
        }
        if (role == Role.SUPERVISOR) {
            return Decision.allow("unit-supervisor", Set.of(METADATA));
        }
        return onTeam(r) ? Decision.allow("case-team", Set.of(METADATA))
                : unassigned(r) ? Decision.allow("own-unit-intake", Set.of(METADATA))
                : Decision.forbid("the case has a team: its reports are handled by the team or the unit's supervisor");
    }

    /**
     * The municipality's catalogues (issue 15) are no case data, but changing them changes what may be disclosed and
     * recorded, so the change is decided and recorded like any write. Which provisions may break secrecy is a legal
     * judgement: the data-protection role keeps the legal bases. The code lists are operated by the municipality's
     * administrator. Each only for the own municipality, and only on a municipal token.
     */
    private Decision catalogue(Role role, AccessRequest r) {
        Actor actor = r.actor();
        boolean ownMunicipality = actor.agency() == Agency.MUNICIPALITY && actor.municipality().equals(r.targetMunicipality());
        if (r.operation() == MAINTAIN_LEGAL_BASES) {
            return role == Role.COMPLIANCE_OFFICER && ownMunicipality ? Decision.allow("data-protection-role", Set.of(METADATA))
                    : Decision.forbid("the legal-basis catalogue is maintained by the municipality's data-protection role (compliance officer)");
        }
        return role == Role.ADMINISTRATOR && ownMunicipality ? Decision.allow("vocabulary-administrator", Set.of(METADATA))
                : Decision.forbid("the vocabularies are maintained by the municipality's administrator");
    }

    /** Timeliness figures of a unit: its supervisor, and compliance officers of the municipality; no personal data. */
    private Decision unitReport(Role role, AccessRequest r) {
        Actor actor = r.actor();
        if (role == Role.SUPERVISOR && actor.worksIn(r.targetMunicipality(), r.targetUnit())) {
            return Decision.allow("unit-supervisor", Set.of(METADATA));
        }
        if (role == Role.COMPLIANCE_OFFICER && actor.municipality().equals(r.targetMunicipality())) {
            return Decision.allow("compliance-oversight", Set.of(METADATA));
        }
        return Decision.forbid("unit reports are for the unit's supervisor and the municipality's compliance officers");
    }

    /**
     * The effect figures are aggregates, but of one municipality's young people: its own analysts read them, nobody
     * else (a supervisor has the unit report, compliance the audit log), and an analyst never another municipality's.
     */
    private Decision effectFigures(Role role, AccessRequest r) {
        Actor actor = r.actor();
        if (role != Role.ANALYST || actor.agency() != Agency.MUNICIPALITY) {
            return Decision.forbid("the effect figures are for the municipality's analysts");
        }
        return actor.municipality().equals(r.targetMunicipality())
                ? Decision.allow("municipal-analyst", Set.of(EFFECT_FIGURES))
                : Decision.forbid("an analyst reads the effect figures of the own municipality only");
    }

    private Decision listRow(AccessRequest r, boolean visible, String ground) {
        if (r.caseFacts() == null) {
            return Decision.allow(ground, Set.of(METADATA));
        }
        return visible ? Decision.allow(ground, Set.of(METADATA)) : Decision.hide("not visible to you");
    }

    private static Set<FieldGroup> visible(Set<FieldGroup> groups, CaseFacts c, boolean onTeam) {
        EnumSet<FieldGroup> result = EnumSet.copyOf(groups);
        if (c.isProtected() && !onTeam) {
            result.remove(CONTACT);
        }
        return result;
    }

    private static Set<FieldGroup> withOtherUnits(Set<FieldGroup> groups) {
        EnumSet<FieldGroup> result = EnumSet.copyOf(groups);
        result.add(OTHER_UNITS);
        return result;
    }

    private static boolean ownUnit(AccessRequest r) {
        CaseFacts c = r.caseFacts();
        return c != null && r.actor().worksIn(c.municipality(), c.unit());
    }

    private static boolean onTeam(AccessRequest r) {
        return r.caseFacts() != null && r.caseFacts().onTeam(r.actor().userId());
    }

    private static boolean unassigned(AccessRequest r) {
        return r.caseFacts() != null && r.caseFacts().team().isEmpty();
    }

    /**
     * A social worker outside the team reads with a written reason, within the scope of their own unit. Cases out of
     * reach are refused as if they did not exist; a protected identity of the own unit the unit does not open by
     * break-glass is refused openly (the worker is in the unit and may ask), without saying why beyond that.
     */
    private Decision breakGlass(AccessRequest r, CaseFacts c, boolean ownUnit) {
        Actor actor = r.actor();
        BreakGlassScope scope = breakGlassRules.scopeOf(actor.unit());
        if (!actor.municipality().equals(c.municipality())) {
            return Decision.hide("break-glass never leaves the own municipality");
        }
        if (!ownUnit) {
            if (scope.reach() != BreakGlassScope.Reach.MUNICIPALITY) {
                return Decision.hide("break-glass reaches only cases of your own unit");
            }
            if (c.program() == Program.EXIT_PROGRAM) {
                return Decision.hide("break-glass never reaches another unit's exit-program case");
            }
            if (c.isProtected()) {
                return Decision.hide("break-glass never reaches a protected identity of another unit");
            }
        }
        if (!BreakGlassReason.isAcceptable(r.breakGlassReason())) {
            return Decision.hide("not on the case team; a break-glass read needs a written reason: "
                    + BreakGlassReason.problem(r.breakGlassReason()).orElseThrow());
        }
        if (c.isProtected() && !scope.allowProtectedIdentity()) {
            return Decision.forbid("this case cannot be opened by break-glass in your unit; ask the case team or the unit's supervisor");
        }
        return Decision.breakGlass(visible(FULL, c, false));
    }

    private static String describe(Operation operation) {
        return operation.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
    }
}
