package se.samverkan.cases.publishing;

import org.junit.jupiter.api.Test;
import se.samverkan.cases.storedevents.StoredEventMacs.Verdict;

import java.util.Base64;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The seal of a relayed row: every column counts, and only the service's key makes one that checks. */
class RelayedEventSealsTest {

    static final String KEY = "YSeB/shEhPGD8e529srzJoj7mqeGprVq9yTKHV7AOfo=";
    static final RelayedEventSeals SEALS = RelayedEventSeals.fromSubjectPseudonymKey(KEY);

    static final long POSITION = 4711;
    static final UUID EVENT = UUID.fromString("0d4e6a8c-1f3b-4a5d-8e7f-9a0b1c2d3e4f");
    static final UUID CASE = UUID.fromString("4b7a3c0e-8f6c-4d0b-9d39-0f6f2f2b9a11");

    @Test
    void theRelaysOwnRowChecks() {
        RelayedEventSeals.Seal seal = SEALS.seal(POSITION, EVENT, CASE);

        assertThat(seal.keyId()).isEqualTo(RelayedEventSeals.DERIVED_V1);
        assertThat(seal.mac()).hasSize(32);
        assertThat(SEALS.verify(POSITION, EVENT, CASE, seal.keyId(), seal.mac(), false)).isEqualTo(Verdict.AUTHENTIC);
        assertThat(SEALS.verify(POSITION, EVENT, CASE, seal.keyId(), seal.mac(), true)).isEqualTo(Verdict.AUTHENTIC);
    }

    @Test
    void aSealCopiedToAnotherPositionEventOrCaseDoesNotCheck() {
        RelayedEventSeals.Seal seal = SEALS.seal(POSITION, EVENT, CASE);

        assertThat(SEALS.verify(POSITION + 1, EVENT, CASE, seal.keyId(), seal.mac(), false)).isEqualTo(Verdict.MISMATCH);
        assertThat(SEALS.verify(POSITION, UUID.randomUUID(), CASE, seal.keyId(), seal.mac(), false)).isEqualTo(Verdict.MISMATCH);
        assertThat(SEALS.verify(POSITION, EVENT, UUID.randomUUID(), seal.keyId(), seal.mac(), false)).isEqualTo(Verdict.MISMATCH);
        assertThat(SEALS.verify(POSITION, EVENT, null, seal.keyId(), seal.mac(), false)).isEqualTo(Verdict.MISMATCH);
        // an event about no case is sealed as such, and is no other row
        RelayedEventSeals.Seal withoutCase = SEALS.seal(POSITION, EVENT, null);
        assertThat(SEALS.verify(POSITION, EVENT, null, withoutCase.keyId(), withoutCase.mac(), false)).isEqualTo(Verdict.AUTHENTIC);
        assertThat(withoutCase.mac()).isNotEqualTo(seal.mac());
    }

    @Test
    void onlyTheServicesKeyMakesASealThatChecks() {
        RelayedEventSeals other = RelayedEventSeals.fromSubjectPseudonymKey(Base64.getEncoder().encodeToString(new byte[32]));
        RelayedEventSeals.Seal theirs = other.seal(POSITION, EVENT, CASE);

        assertThat(theirs.keyId()).isEqualTo(RelayedEventSeals.DERIVED_V1);
        assertThat(SEALS.verify(POSITION, EVENT, CASE, theirs.keyId(), theirs.mac(), false)).isEqualTo(Verdict.MISMATCH);
        assertThat(SEALS.verify(POSITION, EVENT, CASE, "psk-v1", SEALS.seal(POSITION, EVENT, CASE).mac(), false))
                .as("the event store's key id names another key").isEqualTo(Verdict.UNKNOWN_KEY);
    }

    @Test
    void aRowWithoutASealIsTakenOnlyFromBeforeSeals() {
        assertThat(SEALS.verify(POSITION, EVENT, CASE, null, null, true)).isEqualTo(Verdict.LEGACY);
        assertThat(SEALS.verify(POSITION, EVENT, CASE, null, null, false)).isEqualTo(Verdict.NO_MAC);
        // half a seal is no seal, before the line too
        assertThat(SEALS.verify(POSITION, EVENT, CASE, RelayedEventSeals.DERIVED_V1, null, true)).isEqualTo(Verdict.NO_MAC);
        assertThat(SEALS.verify(POSITION, EVENT, CASE, null, new byte[32], true)).isEqualTo(Verdict.NO_MAC);
    }

    @Test
    void theEncodingTellsNoCaseFromAnyCase() {
        assertThat(RelayedEventSeals.encode(POSITION, EVENT, null))
                .isNotEqualTo(RelayedEventSeals.encode(POSITION, EVENT, new UUID(0, 0)));
    }

    @Test
    void aShortKeyIsRefused() {
        assertThatThrownBy(() -> RelayedEventSeals.fromSubjectPseudonymKey(Base64.getEncoder().encodeToString(new byte[16])))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
