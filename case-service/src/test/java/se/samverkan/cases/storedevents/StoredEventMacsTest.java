package se.samverkan.cases.storedevents;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import se.samverkan.cases.storedevents.StoredEventMacs.Kind;
import se.samverkan.cases.storedevents.StoredEventMacs.Row;
import se.samverkan.cases.storedevents.StoredEventMacs.Tag;
import se.samverkan.cases.storedevents.StoredEventMacs.Verdict;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The MAC of a stored row: every field counts, the encoding is unambiguous, and only the service's keys verify. */
class StoredEventMacsTest {

    static final String KEY = "YSeB/shEhPGD8e529srzJoj7mqeGprVq9yTKHV7AOfo=";
    static final StoredEventMacs MACS = StoredEventMacs.fromSubjectPseudonymKey(KEY);

    static final Row GENUINE = new Row(Kind.EVENT, "4b7a3c0e-8f6c-4d0b-9d39-0f6f2f2b9a11", 7,
            "0d4e6a8c-1f3b-4a5d-8e7f-9a0b1c2d3e4f", "CaseAggregate", "2026-12-06T07:37:27.123Z", "case.ConsentRecorded", "3",
            "{\"consentId\":\"c1\",\"note\":\"$sealed$v1$…\"}".getBytes(StandardCharsets.UTF_8),
            "{\"traceparent\":\"00-…\"}".getBytes(StandardCharsets.UTF_8));

    @Test
    void theServicesOwnRowVerifies() {
        Tag tag = MACS.tag(GENUINE);

        assertThat(tag.keyId()).isEqualTo(StoredEventMacs.DERIVED_V1);
        assertThat(tag.mac()).hasSize(32);
        assertThat(MACS.verify(GENUINE, tag.keyId(), tag.mac(), false)).isEqualTo(Verdict.AUTHENTIC);
        // the same row read back (a copy of its bytes) verifies too: the MAC is over what is stored
        assertThat(MACS.verify(copy(GENUINE), tag.keyId(), tag.mac(), false)).isEqualTo(Verdict.AUTHENTIC);
    }

    @Nested
    class AnyFieldChanged {

        @Test
        void makesTheMacInvalid() {
            Tag tag = MACS.tag(GENUINE);
            Map<String, UnaryOperator<Row>> changes = Map.ofEntries(
                    Map.entry("kind", r -> with(r, Kind.SNAPSHOT, r.aggregateIdentifier(), r.sequenceNumber(), r.eventIdentifier(), r.type(), r.timestamp(), r.payloadType(), r.payloadRevision(), r.payload(), r.metaData())),
                    Map.entry("aggregate", r -> with(r, r.kind(), "5b7a3c0e-8f6c-4d0b-9d39-0f6f2f2b9a11", r.sequenceNumber(), r.eventIdentifier(), r.type(), r.timestamp(), r.payloadType(), r.payloadRevision(), r.payload(), r.metaData())),
                    Map.entry("sequence number", r -> with(r, r.kind(), r.aggregateIdentifier(), 8, r.eventIdentifier(), r.type(), r.timestamp(), r.payloadType(), r.payloadRevision(), r.payload(), r.metaData())),
                    Map.entry("event id", r -> with(r, r.kind(), r.aggregateIdentifier(), r.sequenceNumber(), "1d4e6a8c-1f3b-4a5d-8e7f-9a0b1c2d3e4f", r.type(), r.timestamp(), r.payloadType(), r.payloadRevision(), r.payload(), r.metaData())),
                    Map.entry("type", r -> with(r, r.kind(), r.aggregateIdentifier(), r.sequenceNumber(), r.eventIdentifier(), null, r.timestamp(), r.payloadType(), r.payloadRevision(), r.payload(), r.metaData())),
                    Map.entry("timestamp", r -> with(r, r.kind(), r.aggregateIdentifier(), r.sequenceNumber(), r.eventIdentifier(), r.type(), "2026-12-06T07:37:28.123Z", r.payloadType(), r.payloadRevision(), r.payload(), r.metaData())),
                    Map.entry("payload type", r -> with(r, r.kind(), r.aggregateIdentifier(), r.sequenceNumber(), r.eventIdentifier(), r.type(), r.timestamp(), "case.ConsentWithdrawn", r.payloadRevision(), r.payload(), r.metaData())),
                    Map.entry("payload revision", r -> with(r, r.kind(), r.aggregateIdentifier(), r.sequenceNumber(), r.eventIdentifier(), r.type(), r.timestamp(), r.payloadType(), "2", r.payload(), r.metaData())),
                    Map.entry("payload revision null", r -> with(r, r.kind(), r.aggregateIdentifier(), r.sequenceNumber(), r.eventIdentifier(), r.type(), r.timestamp(), r.payloadType(), null, r.payload(), r.metaData())),
                    Map.entry("payload", r -> with(r, r.kind(), r.aggregateIdentifier(), r.sequenceNumber(), r.eventIdentifier(), r.type(), r.timestamp(), r.payloadType(), r.payloadRevision(), flipLastByte(r.payload()), r.metaData())),
                    Map.entry("metadata", r -> with(r, r.kind(), r.aggregateIdentifier(), r.sequenceNumber(), r.eventIdentifier(), r.type(), r.timestamp(), r.payloadType(), r.payloadRevision(), r.payload(), flipLastByte(r.metaData()))),
                    Map.entry("metadata null", r -> with(r, r.kind(), r.aggregateIdentifier(), r.sequenceNumber(), r.eventIdentifier(), r.type(), r.timestamp(), r.payloadType(), r.payloadRevision(), r.payload(), null)));

            changes.forEach((field, change) -> assertThat(MACS.verify(change.apply(GENUINE), tag.keyId(), tag.mac(), false))
                    .as(field).isEqualTo(Verdict.MISMATCH));
        }

        @Test
        void aMacWithOneBitChangedIsInvalid() {
            Tag tag = MACS.tag(GENUINE);
            assertThat(MACS.verify(GENUINE, tag.keyId(), flipLastByte(tag.mac()), false)).isEqualTo(Verdict.MISMATCH);
        }
    }

    @Test
    void bytesCannotMoveBetweenFields() {
        // without length prefixes these would encode alike: "ab" + "c" and "a" + "bc"
        Row one = with(GENUINE, Kind.EVENT, GENUINE.aggregateIdentifier(), 1, "ab", "c", GENUINE.timestamp(),
                GENUINE.payloadType(), GENUINE.payloadRevision(), GENUINE.payload(), GENUINE.metaData());
        Row other = with(GENUINE, Kind.EVENT, GENUINE.aggregateIdentifier(), 1, "a", "bc", GENUINE.timestamp(),
                GENUINE.payloadType(), GENUINE.payloadRevision(), GENUINE.payload(), GENUINE.metaData());
        Row empty = with(GENUINE, Kind.EVENT, GENUINE.aggregateIdentifier(), 1, "ab", "", GENUINE.timestamp(),
                GENUINE.payloadType(), GENUINE.payloadRevision(), GENUINE.payload(), GENUINE.metaData());
        Row absent = with(GENUINE, Kind.EVENT, GENUINE.aggregateIdentifier(), 1, "ab", null, GENUINE.timestamp(),
                GENUINE.payloadType(), GENUINE.payloadRevision(), GENUINE.payload(), GENUINE.metaData());

        List<byte[]> encodings = List.of(StoredEventMacs.encode(one), StoredEventMacs.encode(other),
                StoredEventMacs.encode(empty), StoredEventMacs.encode(absent));
        for (int i = 0; i < encodings.size(); i++) {
            for (int j = i + 1; j < encodings.size(); j++) {
                assertThat(encodings.get(i)).as(i + " vs " + j).isNotEqualTo(encodings.get(j));
            }
        }
        Tag tag = MACS.tag(one);
        assertThat(MACS.verify(other, tag.keyId(), tag.mac(), false)).isEqualTo(Verdict.MISMATCH);
    }

    @Test
    void aKeyIdTheServiceDoesNotHaveIsUnknownEvenWithTheRightMac() {
        Tag tag = MACS.tag(GENUINE);
        assertThat(MACS.verify(GENUINE, "psk-v2", tag.mac(), false)).isEqualTo(Verdict.UNKNOWN_KEY);
        assertThat(MACS.verify(GENUINE, "", tag.mac(), false)).isEqualTo(Verdict.UNKNOWN_KEY);
    }

    @Test
    void anotherKeyMakesAnotherMac() {
        StoredEventMacs other = StoredEventMacs.fromSubjectPseudonymKey(
                Base64.getEncoder().encodeToString("another 32-byte secret, not ours".getBytes(StandardCharsets.UTF_8)));
        Tag theirs = other.tag(GENUINE);

        assertThat(theirs.keyId()).isEqualTo(StoredEventMacs.DERIVED_V1);
        assertThat(MACS.verify(GENUINE, theirs.keyId(), theirs.mac(), false)).isEqualTo(Verdict.MISMATCH);
    }

    @Test
    void theMacKeyIsNotTheSubjectPseudonymKeyItself() {
        // a plain HMAC under the pseudonym key (the key subject ids are made with) is not the row's MAC
        byte[] plain = hmac(Base64.getDecoder().decode(KEY), StoredEventMacs.encode(GENUINE));
        assertThat(MACS.verify(GENUINE, StoredEventMacs.DERIVED_V1, plain, false)).isEqualTo(Verdict.MISMATCH);
    }

    @Nested
    class WithoutAMac {

        @Test
        void isLegacyOnlyAtOrBelowTheBoundary() {
            assertThat(MACS.verify(GENUINE, null, null, true)).isEqualTo(Verdict.LEGACY);
            assertThat(MACS.verify(GENUINE, null, null, false)).isEqualTo(Verdict.NO_MAC);
        }

        @Test
        void halfATagIsNoMac() {
            Tag tag = MACS.tag(GENUINE);
            assertThat(MACS.verify(GENUINE, tag.keyId(), null, true)).isEqualTo(Verdict.NO_MAC);
            assertThat(MACS.verify(GENUINE, null, tag.mac(), true)).isEqualTo(Verdict.NO_MAC);
        }

        @Test
        void onlyAuthenticAndLegacyAreAccepted() {
            assertThat(Arrays.stream(Verdict.values()).filter(Verdict::accepted)).containsExactly(Verdict.AUTHENTIC, Verdict.LEGACY);
        }
    }

    @Test
    void aShortSecretIsRefused() {
        assertThatThrownBy(() -> StoredEventMacs.fromSubjectPseudonymKey(Base64.getEncoder().encodeToString(new byte[16])))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static Row with(Row r, Kind kind, String aggregate, long sequence, String eventId, String type, String timestamp,
                            String payloadType, String payloadRevision, byte[] payload, byte[] metaData) {
        return new Row(kind, aggregate, sequence, eventId, type, timestamp, payloadType, payloadRevision, payload, metaData);
    }

    private static Row copy(Row r) {
        return new Row(r.kind(), new String(r.aggregateIdentifier()), r.sequenceNumber(), new String(r.eventIdentifier()),
                r.type(), r.timestamp(), r.payloadType(), r.payloadRevision(), r.payload().clone(), r.metaData().clone());
    }

    private static byte[] flipLastByte(byte[] bytes) {
        byte[] changed = bytes.clone();
        changed[changed.length - 1] ^= 1;
        return changed;
    }

    private static byte[] hmac(byte[] key, byte[] data) {
        try {
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(new javax.crypto.spec.SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data);
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
