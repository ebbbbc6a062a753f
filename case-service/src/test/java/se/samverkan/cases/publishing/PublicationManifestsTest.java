package se.samverkan.cases.publishing;

import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.MergedTrackingToken;
import org.axonframework.eventhandling.ReplayToken;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.SortedSet;
import java.util.function.ToLongFunction;

import static org.assertj.core.api.Assertions.assertThat;

/** How far the relay has committed every event, read from its token: never past an event still to come. */
class PublicationManifestsTest {

    /** No hole has expired: each may still be filled. */
    private static final ToLongFunction<SortedSet<Long>> EVERY_HOLE_AWAITED = SortedSet::first;

    @Test
    void withoutGapsEverythingUpToTheTokensIndexIsRelayed() {
        assertThat(PublicationManifests.committedUpTo(GapAwareTrackingToken.newInstance(42, List.of()), EVERY_HOLE_AWAITED)).isEqualTo(42);
    }

    @Test
    void belowAGapNothingIsListedYetBecauseTheMissingEventMayStillBeCommittedAndRelayed() {
        assertThat(PublicationManifests.committedUpTo(GapAwareTrackingToken.newInstance(42, List.of(17L, 30L)), EVERY_HOLE_AWAITED)).isEqualTo(16);
    }

    @Test
    void expiredHolesNoEventCanFillAnyMoreHoldNothingBackTheFirstAwaitedOneDoes() {
        var token = GapAwareTrackingToken.newInstance(42, List.of(17L, 30L, 35L));

        assertThat(PublicationManifests.committedUpTo(token, holes -> 30L)).isEqualTo(29);
        assertThat(PublicationManifests.committedUpTo(token, holes -> Long.MAX_VALUE)).as("none awaited").isEqualTo(42);
    }

    @Test
    void aReplayDoesNotMoveTheBoundBackOrPastWhatWasRelayedBeforeTheReset() {
        var atReset = GapAwareTrackingToken.newInstance(42, List.of());
        var replaying = ReplayToken.createReplayToken(atReset, GapAwareTrackingToken.newInstance(3, List.of()));

        assertThat(PublicationManifests.committedUpTo(replaying, EVERY_HOLE_AWAITED)).isEqualTo(42);
    }

    @Test
    void mergingSegmentsCountsTheSlowerOne() {
        var merged = new MergedTrackingToken(GapAwareTrackingToken.newInstance(10, List.of()), GapAwareTrackingToken.newInstance(20, List.of()));

        assertThat(PublicationManifests.committedUpTo(merged, EVERY_HOLE_AWAITED)).isEqualTo(10);
    }

    @Test
    void aSegmentThatRelayedNothingYetHoldsEverythingBack() {
        assertThat(PublicationManifests.committedUpTo(null, EVERY_HOLE_AWAITED)).isZero();
    }
}
