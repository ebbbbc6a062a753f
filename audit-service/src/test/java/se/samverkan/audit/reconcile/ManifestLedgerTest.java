package se.samverkan.audit.reconcile;

import org.junit.jupiter.api.Test;
import se.samverkan.audit.log.Entries;
import se.samverkan.audit.log.PendingEntry;
import se.samverkan.contracts.ActorRef;
import se.samverkan.contracts.Agency;
import se.samverkan.contracts.CaseRef;
import se.samverkan.contracts.CloudEventCodec;
import se.samverkan.contracts.Program;
import se.samverkan.contracts.ProtectedIdentity;
import se.samverkan.contracts.Topics;
import se.samverkan.contracts.cases.CaseTeamChanged;
import se.samverkan.contracts.reconciliation.PublicationManifest;
import se.samverkan.contracts.reconciliation.PublicationManifest.Stream;
import se.samverkan.platform.test.TestEventKeys;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The reconciliation rule on entries as the log holds them (signed by case-service's test key). */
class ManifestLedgerTest {

    private static final CloudEventCodec CASE_SERVICE = new CloudEventCodec(URI.create("/samverkan/case-service"));
    private static final Instant T = Instant.parse("2026-11-24T09:00:00Z");
    private static final Duration GRACE = Duration.ofMinutes(10);

    private final ManifestLedger ledger = new ManifestLedger();
    private long leaf;

    @Test
    void aListedEventThatArrivesWithinTheGracePeriodIsNoFinding() {
        UUID caseId = UUID.randomUUID();
        PendingEntry event = event(caseId, T);
        // the manifest is read first, at T+1m; the event (another partition) only at T+5m
        ledger.accept(leaf++, manifest(Stream.CASE_EVENTS, 1, T, List.of(new PublicationManifest.Item(event.eventId(), caseId))), T.plusSeconds(60));
        assertThat(ledger.discrepancies(T.plusSeconds(300), GRACE)).isEmpty();
        ledger.accept(leaf++, event, T.plusSeconds(300));
        assertThat(ledger.discrepancies(T.plus(Duration.ofHours(1)), GRACE)).isEmpty();
    }

    @Test
    void aManifestReadLateGivesItsEventsTheGracePeriodFromWhenItWasRead() {
        UUID missing = UUID.randomUUID();
        // issued long ago, but the log reads it only now (a consumer that was down): not yet a finding
        ledger.accept(leaf++, manifest(Stream.ACCESS_EVENTS, 1, T, List.of(new PublicationManifest.Item(missing, null))), T.plus(Duration.ofDays(1)));
        assertThat(ledger.discrepancies(T.plus(Duration.ofDays(1)).plusSeconds(60), GRACE)).isEmpty();
        assertThat(ledger.discrepancies(T.plus(Duration.ofDays(1)).plus(GRACE).plusSeconds(1), GRACE))
                .singleElement().satisfies(d -> {
                    assertThat(d.kind()).isEqualTo(Discrepancy.Kind.MISSING_EVENT);
                    assertThat(d.eventId()).isEqualTo(missing);
                    assertThat(d.municipality()).isNull();
                });
    }

    @Test
    void anEventIsUnaccountedOnlyOnceAManifestListsAnEventThatOccurredWellAfterItAndGapsAreOnePerRun() {
        PendingEntry event = event(UUID.randomUUID(), T);
        ledger.accept(leaf++, event, T);
        ledger.accept(leaf++, manifest(Stream.CASE_EVENTS, 1, T.plusSeconds(60), List.of()), T.plusSeconds(60));
        assertThat(ledger.discrepancies(T.plusSeconds(300), GRACE)).as("a later manifest may still list it").isEmpty();
        // no later manifest for an hour: late, but not yet unaccounted
        assertThat(ledger.discrepancies(T.plus(Duration.ofHours(1)), GRACE)).extracting(Discrepancy::kind)
                .containsExactly(Discrepancy.Kind.MANIFESTS_OVERDUE);
        // manifest 5 lists an event of T+30m: its range lies past the event of T, which it should have listed
        PendingEntry later = event(UUID.randomUUID(), T.plus(Duration.ofMinutes(30)));
        ledger.accept(leaf++, later, T.plus(Duration.ofMinutes(30)));
        ledger.accept(leaf++, manifest(Stream.CASE_EVENTS, 5, T.plus(Duration.ofHours(1)),
                List.of(new PublicationManifest.Item(later.eventId(), null))), T.plus(Duration.ofHours(1)));

        List<Discrepancy> found = ledger.discrepancies(T.plus(Duration.ofHours(2)), GRACE);
        assertThat(found).extracting(Discrepancy::kind).containsExactlyInAnyOrder(Discrepancy.Kind.UNACCOUNTED_EVENT, Discrepancy.Kind.SEQUENCE_GAP);
        assertThat(found).filteredOn(d -> d.kind() == Discrepancy.Kind.UNACCOUNTED_EVENT).singleElement()
                .satisfies(d -> {
                    assertThat(d.eventId()).isEqualTo(event.eventId());
                    assertThat(d.municipality()).isEqualTo("0136");
                    assertThat(d.detail()).contains("manifest 5 lists an event that occurred more than");
                });
        assertThat(found).filteredOn(d -> d.kind() == Discrepancy.Kind.SEQUENCE_GAP).singleElement()
                .satisfies(d -> assertThat(d.detail()).contains("manifests 2 to 4 of CASE_EVENTS"));
    }

    /**
     * The local stack's access manifests fell hours behind under load (at most 20 a minute): each was issued long after
     * events it did not list yet, and the old rule (issued after the event) reported every one of them, 280,000 findings
     * and as many review items, until audit-service ran out of heap.
     */
    @Test
    void manifestsThatLagBehindMakeTheirStreamOverdueOnceAndNoEventUnaccounted() {
        List<PendingEntry> events = java.util.stream.IntStream.range(0, 50)
                .mapToObj(i -> event(UUID.randomUUID(), T.plusSeconds(60L * i))).toList();
        events.forEach(e -> ledger.accept(leaf++, e, e.occurredAt()));
        // two hours later, manifest 1 lists only the first ten: the manifests are behind, not wrong
        Instant behind = T.plus(Duration.ofHours(2));
        ledger.accept(leaf++, manifest(Stream.CASE_EVENTS, 1, behind, items(events.subList(0, 10))), behind);

        assertThat(ledger.discrepancies(behind.plusSeconds(60), GRACE)).singleElement().satisfies(d -> {
            assertThat(d.kind()).isEqualTo(Discrepancy.Kind.MANIFESTS_OVERDUE);
            assertThat(d.eventId()).isEqualTo(events.get(10).eventId());
            assertThat(d.detail()).contains("40 event(s) of CASE_EVENTS");
        });
        // the manifests catch up: nothing is left
        ledger.accept(leaf++, manifest(Stream.CASE_EVENTS, 2, behind.plusSeconds(120), items(events.subList(10, 50))), behind.plusSeconds(120));
        assertThat(ledger.discrepancies(behind.plusSeconds(180), GRACE)).isEmpty();
        assertThat(ledger.openItems()).isZero();
    }

    @Test
    void anEventLeftOutBetweenListedOnesIsUnaccountedWhateverTheManifestsIssueTimes() {
        PendingEntry before = event(UUID.randomUUID(), T);
        PendingEntry leftOut = event(UUID.randomUUID(), T.plusSeconds(30));
        PendingEntry after = event(UUID.randomUUID(), T.plus(GRACE).plusSeconds(31));
        List.of(before, leftOut, after).forEach(e -> ledger.accept(leaf++, e, e.occurredAt()));
        // issued within the grace period of the left-out event: the issue time alone would not have told
        ledger.accept(leaf++, manifest(Stream.CASE_EVENTS, 1, T.plus(GRACE).plusSeconds(40), items(List.of(before, after))),
                T.plus(GRACE).plusSeconds(40));

        assertThat(ledger.discrepancies(T.plus(GRACE).plusSeconds(41), GRACE)).singleElement().satisfies(d -> {
            assertThat(d.kind()).isEqualTo(Discrepancy.Kind.UNACCOUNTED_EVENT);
            assertThat(d.eventId()).isEqualTo(leftOut.eventId());
        });
    }

    /** Without this, manifests that stop (a hole held them back, a bug, a broken sender) would make every event silent. */
    @Test
    void manifestsThatStopComingAreReportedOncePerStreamByTheOldestEventWaitingForThem() {
        ledger.accept(leaf++, manifest(Stream.CASE_EVENTS, 1, T.minusSeconds(60), List.of()), T.minusSeconds(60));
        long oldestLeaf = leaf;
        PendingEntry oldest = event(UUID.randomUUID(), T);
        ledger.accept(leaf++, oldest, T);
        ledger.accept(leaf++, event(UUID.randomUUID(), T.plusSeconds(60)), T.plusSeconds(60));
        ledger.accept(leaf++, event(UUID.randomUUID(), T.plus(Duration.ofMinutes(30))), T.plus(Duration.ofMinutes(30)));

        assertThat(ledger.discrepancies(T.plus(GRACE).minusSeconds(1), GRACE)).isEmpty();
        assertThat(ledger.discrepancies(T.plus(Duration.ofMinutes(35)), GRACE)).singleElement().satisfies(d -> {
            assertThat(d.kind()).isEqualTo(Discrepancy.Kind.MANIFESTS_OVERDUE);
            assertThat(d.stream()).isEqualTo(Stream.CASE_EVENTS);
            assertThat(d.eventId()).isEqualTo(oldest.eventId());
            assertThat(d.leafIndex()).isEqualTo(oldestLeaf);
            assertThat(d.sequence()).as("the latest manifest").isEqualTo(1);
            // about a stream, not a case: every officer sees it, and it names no case
            assertThat(d.caseId()).isNull();
            assertThat(d.municipality()).isNull();
            assertThat(d.detail()).contains("2 event(s) of CASE_EVENTS").contains("the latest manifest is 1");
        });
        // the same finding while it lasts, so it is raised once
        assertThat(ledger.discrepancies(T.plus(Duration.ofHours(3)), GRACE)).extracting(Discrepancy::key)
                .containsExactly("MANIFESTS_OVERDUE/CASE_EVENTS/" + oldest.eventId());
        assertThat(ledger.discrepancies(T.plus(Duration.ofHours(3)), GRACE)).singleElement()
                .satisfies(d -> assertThat(d.detail()).contains("3 event(s)"));
    }

    @Test
    void anEventReadLateWaitsTheGracePeriodFromWhenItWasReadForItsManifest() {
        // audit-service was down for a day: the event is read now, its manifest may be right behind it
        Instant readAt = T.plus(Duration.ofDays(1));
        ledger.accept(leaf++, event(UUID.randomUUID(), T), readAt);

        assertThat(ledger.discrepancies(readAt.plusSeconds(60), GRACE)).isEmpty();
        assertThat(ledger.discrepancies(readAt.plus(GRACE).plusSeconds(1), GRACE)).extracting(Discrepancy::kind)
                .containsExactly(Discrepancy.Kind.MANIFESTS_OVERDUE);
    }

    @Test
    void entriesOfOtherProducersAndTheLogsOwnAreNotCaseServicesToAccountFor() {
        ledger.accept(leaf++, Entries.internal(TestEventKeys.signer("audit-service"), UUID.randomUUID(), Entries.AUDIT_LOG_READ, "x", T,
                null, UUID.randomUUID(), null, Entries.object()), T);
        ledger.accept(leaf++, manifest(Stream.CASE_EVENTS, 1, T.plus(Duration.ofHours(1)), List.of()), T.plus(Duration.ofHours(1)));
        assertThat(ledger.discrepancies(T.plus(Duration.ofHours(2)), GRACE)).isEmpty();
    }

    @Test
    void entriesFromBeforeProducersSignedAreCountedNotReported() {
        // a development log from before issue 16: case-service's events were neither signed nor listed in manifests
        ActorRef actor = new ActorRef("kim", List.of("supervisor"), Agency.SOCIAL_SERVICES, "0136", "haninge-ungdom");
        var data = new CaseTeamChanged(new CaseRef(UUID.randomUUID(), Program.RAPID_INTERVENTION, "0136", "haninge-ungdom",
                UUID.randomUUID(), ProtectedIdentity.NONE), actor, T, List.of());
        ledger.accept(leaf++, Entries.fromRecord(Topics.CASE_EVENTS, se.samverkan.contracts.CloudEventCodec.toBytes(
                CASE_SERVICE.wrap(UUID.randomUUID(), T, data))), T);
        PendingEntry signed = event(UUID.randomUUID(), T);
        ledger.accept(leaf++, signed, T);
        ledger.accept(leaf++, manifest(Stream.CASE_EVENTS, 1, T.plus(Duration.ofHours(1)), List.of()), T.plus(Duration.ofHours(1)));

        assertThat(ledger.discrepancies(T.plus(Duration.ofHours(2)), GRACE)).singleElement()
                .satisfies(d -> assertThat(d.eventId()).isEqualTo(signed.eventId()));
        assertThat(ledger.unsignedBeforeManifests()).isEqualTo(1);
    }

    /** Issue 15: the monthly effect figures are no store position a manifest could list, and no finding. */
    @Test
    void theMonthlyEffectFiguresAreNeitherListedNorMissing() {
        var example = (se.samverkan.contracts.effects.EffectFiguresPublished) se.samverkan.contracts.CloudEventCodec.data(
                new se.samverkan.contracts.CloudEvent("1.0", UUID.randomUUID().toString(), URI.create("/samverkan/case-service"),
                        "se.samverkan.case.effect-figures-published.v1", "effect-figures-0136", T, "application/json", null,
                        se.samverkan.contracts.ContractSchemas.example("se.samverkan.case.effect-figures-published.v1")));
        PendingEntry figures = Entries.fromRecord(Topics.CASE_EVENTS, TestEventKeys.signed(CASE_SERVICE.wrap(UUID.randomUUID(), T, example)));
        assertThat(figures.caseId()).isNull();
        assertThat(figures.caseMunicipality()).isEqualTo("0136");
        ledger.accept(leaf++, figures, T);
        ledger.accept(leaf++, manifest(Stream.CASE_EVENTS, 1, T.plus(Duration.ofHours(1)), List.of()), T.plus(Duration.ofHours(1)));
        assertThat(ledger.discrepancies(T.plus(Duration.ofDays(1)), GRACE)).isEmpty();
    }

    @Test
    void whatWasMatchedIsNotKeptSoTheLedgerStaysSmallWhateverTheLogsSize() {
        // 200 manifests of 10 events each, every event arriving before or after its manifest, and manifest 101 lost
        for (int n = 1; n <= 200; n++) {
            Instant at = T.plusSeconds(60L * n);
            UUID caseId = UUID.randomUUID();
            List<PendingEntry> events = java.util.stream.IntStream.range(0, 10).mapToObj(i -> event(caseId, at)).toList();
            List<PublicationManifest.Item> items = events.stream().map(e -> new PublicationManifest.Item(e.eventId(), caseId)).toList();
            events.subList(0, 5).forEach(e -> ledger.accept(leaf++, e, at));
            if (n != 101) {
                ledger.accept(leaf++, manifest(Stream.CASE_EVENTS, n, at, items), at);
            }
            events.subList(5, 10).forEach(e -> ledger.accept(leaf++, e, at.plusSeconds(1)));
        }
        Instant later = T.plus(Duration.ofHours(5));
        // only manifest 101's ten events are still open: nobody listed them
        assertThat(ledger.openItems()).isEqualTo(10);
        assertThat(ledger.discrepancies(later, GRACE)).extracting(Discrepancy::kind)
                .containsOnly(Discrepancy.Kind.SEQUENCE_GAP, Discrepancy.Kind.UNACCOUNTED_EVENT)
                .filteredOn(kind -> kind == Discrepancy.Kind.SEQUENCE_GAP).hasSize(1);
        assertThat(ledger.streams()).filteredOn(summary -> summary.stream() == Stream.CASE_EVENTS).singleElement()
                .satisfies(summary -> {
                    assertThat(summary.manifests()).isEqualTo(199);
                    assertThat(summary.lastSequence()).isEqualTo(200);
                });
        // the lost manifest turns up after all: the gap closes and its events are accounted for
        ledger.accept(leaf++, manifest(Stream.CASE_EVENTS, 101, T.plusSeconds(60L * 101), List.of()), later);
        assertThat(ledger.discrepancies(later, GRACE)).extracting(Discrepancy::kind).doesNotContain(Discrepancy.Kind.SEQUENCE_GAP);
        // and a second manifest 5 changes nothing
        ledger.accept(leaf++, manifest(Stream.CASE_EVENTS, 5, later, List.of(new PublicationManifest.Item(UUID.randomUUID(), null))), later);
        assertThat(ledger.openItems()).isEqualTo(10);
    }

    /** Manifests that stop for long must not take the heap: beyond the bound events are counted, then accounted for. */
    @Test
    void beyondTheBoundEventsAreCountedAndAManifestListingThemAccountsForThemFromTheLog() {
        ManifestLedger bounded = new ManifestLedger(3);
        List<PendingEntry> events = fill(bounded, 5);
        assertThat(bounded.openItems()).as("kept one by one").isEqualTo(3);
        assertThat(untracked(bounded, Stream.CASE_EVENTS)).isEqualTo(2);

        // the manifests come back and list all five; the log holds them all
        Instant back = T.plus(Duration.ofHours(1));
        bounded.accept(leaf++, manifest(Stream.CASE_EVENTS, 1, back, items(events)), back);
        java.util.Set<UUID> held = new java.util.HashSet<>(events.stream().map(PendingEntry::eventId).toList());
        List<java.util.Collection<UUID>> asked = new java.util.ArrayList<>();
        assertThat(bounded.discrepancies(back.plus(GRACE).plusSeconds(1), GRACE, ids -> {
            asked.add(List.copyOf(ids));
            return ids.stream().filter(held::contains).collect(java.util.stream.Collectors.toSet());
        })).isEmpty();
        assertThat(asked).singleElement().asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.COLLECTION)
                .containsExactlyInAnyOrder(events.get(3).eventId(), events.get(4).eventId());
        assertThat(untracked(bounded, Stream.CASE_EVENTS)).isZero();
        assertThat(bounded.openItems()).isZero();
        // with nothing untracked the log is not asked again
        assertThat(bounded.discrepancies(back.plus(Duration.ofHours(1)), GRACE, ids -> {
            throw new AssertionError("asked the log without untracked events");
        })).isEmpty();
    }

    @Test
    void untrackedEventsThatNoManifestListsAreReportedOnceWithTheirNumberNotTheirIds() {
        ManifestLedger bounded = new ManifestLedger(2);
        List<PendingEntry> early = fill(bounded, 4);
        UUID caseId = early.getFirst().caseId();
        // case-service lists only the first two (a producer that left two out), then carries on an hour later
        bounded.accept(leaf++, manifest(Stream.CASE_EVENTS, 1, T.plusSeconds(20), items(early.subList(0, 2))), T.plusSeconds(20));
        PendingEntry later = event(caseId, T.plus(Duration.ofHours(1)));
        bounded.accept(leaf++, later, T.plus(Duration.ofHours(1)));
        bounded.accept(leaf++, manifest(Stream.CASE_EVENTS, 2, T.plus(Duration.ofHours(1)), items(List.of(later))), T.plus(Duration.ofHours(1)));

        List<Discrepancy> found = bounded.discrepancies(T.plus(Duration.ofHours(1)).plusSeconds(60), GRACE, ids -> java.util.Set.of());
        assertThat(found).singleElement().satisfies(d -> {
            assertThat(d.kind()).isEqualTo(Discrepancy.Kind.UNACCOUNTED_EVENT);
            assertThat(d.eventId()).isNull();
            assertThat(d.leafIndex()).as("the first of them").isEqualTo(leaf - 5);
            assertThat(d.detail()).contains("2 event(s) of CASE_EVENTS", "listed by no manifest", "without keeping their ids");
            assertThat(d.key()).isEqualTo("UNACCOUNTED_EVENT/CASE_EVENTS/from-leaf-" + d.leafIndex());
        });
    }

    /**
     * The ledger keeps no municipality per case (that grew with every case the log ever saw): a missing event's
     * municipality is asked of the log, for its case only, once it is a finding, and only until the log has named it.
     */
    @Test
    void aMissingEventsMunicipalityIsAskedOfTheLogForItsCaseOnlyAndOnlyUntilNamed() {
        UUID caseOfMissing = UUID.randomUUID();
        List<PendingEntry> others = java.util.stream.IntStream.range(0, 3).mapToObj(i -> event(UUID.randomUUID(), T)).toList();
        others.forEach(e -> ledger.accept(leaf++, e, T));
        UUID missing = UUID.randomUUID();
        ledger.accept(leaf++, manifest(Stream.CASE_EVENTS, 1, T.plusSeconds(5),
                java.util.stream.Stream.concat(items(others).stream(), java.util.stream.Stream.of(new PublicationManifest.Item(missing, caseOfMissing))).toList()),
                T.plusSeconds(5));
        List<java.util.Collection<UUID>> asked = new java.util.ArrayList<>();
        java.util.function.Function<java.util.Collection<UUID>, Map<UUID, String>> notYet = ids -> {
            asked.add(List.copyOf(ids));
            return Map.of();
        };

        assertThat(ledger.discrepancies(T.plusSeconds(60), GRACE, ids -> java.util.Set.of(), notYet))
                .as("within the grace period").isEmpty();
        assertThat(asked).as("nothing to name yet").isEmpty();

        Instant due = T.plus(GRACE).plusSeconds(10);
        assertThat(ledger.discrepancies(due, GRACE, ids -> java.util.Set.of(), notYet)).singleElement()
                .satisfies(d -> assertThat(d.municipality()).as("the log names none yet").isNull());
        java.util.function.Function<java.util.Collection<UUID>, Map<UUID, String>> haninge = ids -> {
            asked.add(List.copyOf(ids));
            return Map.of(caseOfMissing, "0136");
        };
        assertThat(ledger.discrepancies(due.plusSeconds(60), GRACE, ids -> java.util.Set.of(), haninge)).singleElement()
                .satisfies(d -> {
                    assertThat(d.kind()).isEqualTo(Discrepancy.Kind.MISSING_EVENT);
                    assertThat(d.municipality()).isEqualTo("0136");
                });
        assertThat(ledger.discrepancies(due.plusSeconds(120), GRACE, ids -> java.util.Set.of(), ids -> {
            throw new AssertionError("asked again for a case already named");
        })).singleElement().satisfies(d -> assertThat(d.municipality()).isEqualTo("0136"));
        assertThat(asked).as("only the case of the missing event, until the log named it")
                .containsExactly(List.of(caseOfMissing), List.of(caseOfMissing));
    }

    /** {@code count} events of one case, a second apart from T, read at T+10s. */
    private List<PendingEntry> fill(ManifestLedger ledger, int count) {
        UUID caseId = UUID.randomUUID();
        List<PendingEntry> events = java.util.stream.IntStream.range(0, count).mapToObj(i -> event(caseId, T.plusSeconds(i))).toList();
        events.forEach(e -> ledger.accept(leaf++, e, T.plusSeconds(10)));
        return events;
    }

    /**
     * Manifests of a stream arrive in order (one key), but the ledger is rebuilt from the log and a missing number may
     * come later: each pair of consecutive manifests is checked whichever of the two arrives last, and only then.
     */
    @Test
    void consecutiveManifestsMustFollowOnWhicheverArrivesFirst() {
        ledger.accept(leaf++, manifest(Stream.CASE_EVENTS, 1, 100, 199), T);
        long third = leaf;
        ledger.accept(leaf++, manifest(Stream.CASE_EVENTS, 3, 400, 499), T);
        ledger.accept(leaf++, manifest(Stream.CASE_EVENTS, 5, 500, 599), T);
        assertThat(ledger.discrepancies(T.plusSeconds(1), GRACE)).extracting(d -> d.kind().name())
                .as("no neighbours yet: only the numbers' gaps").containsOnly("SEQUENCE_GAP");
        // manifest 2 follows on from 1, but 3 begins 200 positions after it ends
        ledger.accept(leaf++, manifest(Stream.CASE_EVENTS, 2, 200, 299), T);
        // manifest 4 begins where 3 ends (an overlap of one position), and 5 begins after 4's beginning, within it
        ledger.accept(leaf++, manifest(Stream.CASE_EVENTS, 4, 499, 550), T);
        // ACCESS_EVENTS: 2 goes back before 1
        ledger.accept(leaf++, manifest(Stream.ACCESS_EVENTS, 1, 1, 50), T);
        ledger.accept(leaf++, manifest(Stream.ACCESS_EVENTS, 2, 1, 60), T);

        List<Discrepancy> found = ledger.discrepancies(T.plusSeconds(2), GRACE);
        assertThat(found).extracting(d -> d.stream() + " " + d.sequence() + " " + d.kind().name()).containsExactlyInAnyOrder(
                "CASE_EVENTS 3 POSITION_GAP", "CASE_EVENTS 4 POSITION_OVERLAP", "CASE_EVENTS 5 POSITION_OVERLAP",
                "ACCESS_EVENTS 2 POSITIONS_BACKWARDS");
        assertThat(found).filteredOn(d -> d.sequence() == 3).singleElement().satisfies(d -> {
            assertThat(d.detail()).isEqualTo("positions 300 to 399 of CASE_EVENTS are in no manifest: manifest 2 ends at position 299 "
                    + "and manifest 3 begins at 400");
            assertThat(d.leafIndex()).as("the later manifest, which arrived first").isEqualTo(third);
            assertThat(d.eventId()).isNull();
            assertThat(d.municipality()).isNull();
        });
        // a finding's key names its manifest, so each is appended once; a gap in the numbers and in the positions differ
        assertThat(found).extracting(Discrepancy::key).doesNotHaveDuplicates().contains("POSITION_GAP/CASE_EVENTS/seq-3");
        assertThat(ledger.discrepancies(T.plus(Duration.ofDays(1)), GRACE)).as("signed content does not change: still there")
                .hasSize(found.size());
    }

    @Test
    void manifestsThatFollowOnInAnyOrderAreNoFinding() {
        for (long n : new long[]{3, 1, 4, 2, 5}) {
            ledger.accept(leaf++, manifest(Stream.ACCESS_EVENTS, n, n * 10, n * 10 + 9, List.of()), T);
        }
        // a second manifest with a number already seen changes nothing, whatever its range
        ledger.accept(leaf++, manifest(Stream.ACCESS_EVENTS, 3, 5, 7), T);
        assertThat(ledger.discrepancies(T.plusSeconds(1), GRACE)).isEmpty();
    }

    private static long untracked(ManifestLedger ledger, Stream stream) {
        return ledger.streams().stream().filter(s -> s.stream() == stream).findFirst().orElseThrow().untracked();
    }

    private static PendingEntry event(UUID caseId, Instant at) {
        ActorRef actor = new ActorRef("kim", List.of("supervisor"), Agency.SOCIAL_SERVICES, "0136", "haninge-ungdom");
        var data = new CaseTeamChanged(new CaseRef(caseId, Program.RAPID_INTERVENTION, "0136", "haninge-ungdom", UUID.randomUUID(),
                ProtectedIdentity.NONE), actor, at, List.of());
        return Entries.fromRecord(Topics.CASE_EVENTS, TestEventKeys.signed(CASE_SERVICE.wrap(UUID.randomUUID(), at, data)));
    }

    private static List<PublicationManifest.Item> items(List<PendingEntry> events) {
        return events.stream().map(e -> new PublicationManifest.Item(e.eventId(), e.caseId())).toList();
    }

    private static PendingEntry manifest(Stream stream, long sequence, Instant issuedAt, List<PublicationManifest.Item> items) {
        return manifest(stream, sequence, sequence * 10, sequence * 10 + 9, items, issuedAt);
    }

    private static PendingEntry manifest(Stream stream, long sequence, long fromPosition, long toPosition) {
        return manifest(stream, sequence, fromPosition, toPosition, List.of(), T);
    }

    private static PendingEntry manifest(Stream stream, long sequence, long fromPosition, long toPosition, List<PublicationManifest.Item> items) {
        return manifest(stream, sequence, fromPosition, toPosition, items, T);
    }

    private static PendingEntry manifest(Stream stream, long sequence, long fromPosition, long toPosition,
                                         List<PublicationManifest.Item> items, Instant issuedAt) {
        var data = new PublicationManifest(UUID.randomUUID(), stream, sequence, fromPosition, toPosition, items, issuedAt);
        return Entries.fromRecord(Topics.CASE_EVENTS, TestEventKeys.signed(CASE_SERVICE.wrap(UUID.randomUUID(), issuedAt, data)));
    }
}
