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

    /** A page of "my commitments" and, if there are more, where the next page starts. */
    public record Page(List<CommitmentView> items, CommitmentSummaries.Cursor next) {
    }

    /** How many rows of the read model are decided on at a time while a page is filled. */
    private static final int BATCH = 100;

    /**
     * The owner's commitments the policy lets them see, {@code limit} at a time in the read model's order (waiting
     * ones first, by due date): rows the policy hides (no consent today) are skipped, so a page is filled from as many
     * rows as it takes, and every commitment shown is recorded (with its id) before the page is answered.
     */
    public Page mine(Actor actor, int limit, CommitmentSummaries.Cursor after) {
        guard.gate(AccessRequest.withoutCase(actor, Operation.LIST_OWN_COMMITMENTS), "Commitments");
        LocalDate today = LocalDate.now(clock);
        List<CommitmentView> shown = new ArrayList<>();
        List<CommitmentSummaries.Cursor> keys = new ArrayList<>();
        List<AccessLog.Access> recorded = new ArrayList<>();
        Map<UUID, Optional<CaseFile>> loaded = new LinkedHashMap<>();
        CommitmentSummaries.Cursor position = after;
        boolean more = true;
        while (shown.size() <= limit && more) {
            List<CommitmentSummaries.Owned> batch = summaries.ownedBy(actor.userId(), position, BATCH);
            more = batch.size() == BATCH;
            for (CommitmentSummaries.Owned owned : batch) {
                position = owned.key();
                Optional<CaseFile> file = loaded.computeIfAbsent(owned.caseId(), id -> files.load(new CaseId(id)));
                Commitment commitment = file.flatMap(f -> f.commitment(owned.commitmentId().toString())).orElse(null);
                if (commitment == null) {
                    continue;
                }
                AccessRequest request = AccessRequest.onCommitment(actor, Operation.LIST_OWN_COMMITMENTS,
                        CaseFacts.of(file.get(), today), CommitmentFacts.of(file.get(), commitment, today));
                Decision decision = guard.peek(request);
                if (decision.allowed()) {
                    if (shown.size() == limit) {
                        // one more than the page holds: there is a next page, and this one is not shown (nor recorded)
                        shown.add(null);
                        break;
                    }
                    recorded.add(new AccessLog.Access(request, decision, owned.caseId()));
                    shown.add(CommitmentView.of(RetainedView.of(file.get()), commitment, decision));
                    keys.add(owned.key());
                }
            }
        }
        boolean hasNext = shown.size() > limit;
        List<CommitmentView> page = shown.stream().filter(java.util.Objects::nonNull).toList();
        guard.recordAll(recorded);
        return new Page(page, hasNext ? keys.getLast() : null);
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
