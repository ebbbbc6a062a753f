package se.samverkan.cases.actionplan;

import org.springframework.stereotype.Component;
import se.samverkan.cases.access.AccessGuard;
import se.samverkan.cases.access.AccessLog;
import se.samverkan.cases.access.AccessRequest;
import se.samverkan.cases.access.CaseFacts;
import se.samverkan.cases.access.CommitmentFacts;
import se.samverkan.cases.access.Decision;
import se.samverkan.cases.access.Operation;
import se.samverkan.cases.application.CaseFiles;
import se.samverkan.cases.domain.CaseFile;
import se.samverkan.cases.domain.CaseId;
import se.samverkan.cases.domain.Commitment;
import se.samverkan.cases.domain.RetainedView;
import se.samverkan.cases.projection.CommitmentSummaries;
import se.samverkan.platform.identity.Actor;

import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * A participant's commitments, found through the read model and decided on each case itself: the policy is asked for
 * every commitment with the case's consents as of today, so a withdrawn or expired consent hides it at once whatever
 * the read model says. Every commitment shown is an access event, all written before anything is answered.
 */
@Component
public class Commitments {

    record Located(CaseFile file, Commitment commitment, Decision decision) {
    }

    private final CommitmentSummaries summaries;
    private final CaseFiles files;
    private final AccessGuard guard;
    private final Clock clock;

    public Commitments(CommitmentSummaries summaries, CaseFiles files, AccessGuard guard, Clock clock) {
        this.summaries = summaries;
        this.files = files;
        this.guard = guard;
        this.clock = clock;
    }

    public List<CommitmentView> mine(Actor actor) {
        guard.gate(AccessRequest.withoutCase(actor, Operation.LIST_OWN_COMMITMENTS), "Commitments");
        LocalDate today = LocalDate.now(clock);
        Map<UUID, List<UUID>> byCase = new LinkedHashMap<>();
        summaries.ownedBy(actor.userId()).forEach(l -> byCase.computeIfAbsent(l.caseId(), c -> new ArrayList<>()).add(l.commitmentId()));
        List<CommitmentView> shown = new ArrayList<>();
        List<AccessLog.Access> recorded = new ArrayList<>();
        for (Map.Entry<UUID, List<UUID>> entry : byCase.entrySet()) {
            Optional<CaseFile> file = files.load(new CaseId(entry.getKey()));
            if (file.isEmpty()) {
                continue;
            }
            CaseFacts facts = CaseFacts.of(file.get(), today);
            RetainedView retained = RetainedView.of(file.get());
            for (UUID commitmentId : entry.getValue()) {
                Commitment commitment = file.get().commitment(commitmentId.toString()).orElse(null);
                if (commitment == null) {
                    continue;
                }
                AccessRequest request = AccessRequest.onCommitment(actor, Operation.LIST_OWN_COMMITMENTS, facts,
                        CommitmentFacts.of(file.get(), commitment, today));
                Decision decision = guard.peek(request);
                if (decision.allowed()) {
                    recorded.add(new AccessLog.Access(request, decision, entry.getKey()));
                    shown.add(CommitmentView.of(retained, commitment, decision));
                }
            }
        }
        guard.recordAll(recorded);
        shown.sort(Comparator.comparing((CommitmentView v) -> v.followUpOutcome() != null)
                .thenComparing(CommitmentView::dueOn).thenComparing(CommitmentView::commitmentId));
        return shown;
    }

    /** One commitment for its owner, decided (and recorded) by the policy; anything else is "not found". */
    Located locate(Actor actor, UUID commitmentId, Operation operation) {
        AccessRequest unknown = AccessRequest.unknownCase(actor, operation);
        String what = "Commitment " + commitmentId;
        UUID caseId = summaries.caseOf(commitmentId).orElseThrow(() -> guard.missing(unknown, null, null, what));
        CaseFile file = files.load(new CaseId(caseId)).orElseThrow(() -> guard.missing(unknown, null, null, what));
        Commitment commitment = file.commitment(commitmentId.toString())
                .orElseThrow(() -> guard.missing(unknown, null, null, what));
        LocalDate today = LocalDate.now(clock);
        Decision decision = guard.require(AccessRequest.onCommitment(actor, operation, CaseFacts.of(file, today),
                CommitmentFacts.of(file, commitment, today)), caseId, null, what);
        return new Located(file, commitment, decision);
    }
}
