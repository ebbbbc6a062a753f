package se.samverkan.bench;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;

/** What the run has made so far, so later commands work on real cases, consents and referrals. */
final class Pool {

    record CaseRef(String owner, String caseId, String subjectPnr, String guardianPnr) {
    }

    private final Map<String, List<CaseRef>> casesByOwner = new ConcurrentHashMap<>();
    private final Map<String, String> consentByCase = new ConcurrentHashMap<>();
    private final List<String> consentedCases = new CopyOnWriteArrayList<>();
    private final List<String> referrals = new CopyOnWriteArrayList<>();
    /** A referral's police answers in order: acknowledgement, acceptance, feedback. */
    final ConcurrentLinkedQueue<String> toAcknowledge = new ConcurrentLinkedQueue<>();
    final ConcurrentLinkedQueue<String> toAccept = new ConcurrentLinkedQueue<>();
    final ConcurrentLinkedQueue<String> toFeedback = new ConcurrentLinkedQueue<>();

    void addCase(CaseRef ref) {
        casesByOwner.computeIfAbsent(ref.owner(), o -> new CopyOnWriteArrayList<>()).add(ref);
    }

    Optional<CaseRef> randomCase(String owner) {
        List<CaseRef> cases = casesByOwner.getOrDefault(owner, List.of());
        return cases.isEmpty() ? Optional.empty() : Optional.of(cases.get(ThreadLocalRandom.current().nextInt(cases.size())));
    }

    Optional<CaseRef> anyCase() {
        List<CaseRef> all = casesByOwner.values().stream().flatMap(List::stream).toList();
        return all.isEmpty() ? Optional.empty() : Optional.of(all.get(ThreadLocalRandom.current().nextInt(all.size())));
    }

    void addConsent(String caseId, String consentId) {
        if (consentByCase.putIfAbsent(caseId, consentId) == null) {
            consentedCases.add(caseId);
        }
    }

    /** A case of the owner's with a consent, as {caseId, consentId}. */
    Optional<String[]> consentedCaseOf(String owner) {
        List<String> own = consentedCases.stream().filter(id -> casesByOwner.getOrDefault(owner, List.of()).stream()
                .anyMatch(c -> c.caseId().equals(id))).toList();
        if (own.isEmpty()) {
            return Optional.empty();
        }
        String caseId = own.get(ThreadLocalRandom.current().nextInt(own.size()));
        return Optional.of(new String[]{caseId, consentByCase.get(caseId)});
    }

    void addReferral(String referralId) {
        referrals.add(referralId);
        toAcknowledge.add(referralId);
    }

    Optional<String> randomReferral() {
        return referrals.isEmpty() ? Optional.empty() : Optional.of(referrals.get(ThreadLocalRandom.current().nextInt(referrals.size())));
    }

    int cases() {
        return casesByOwner.values().stream().mapToInt(List::size).sum();
    }
}
