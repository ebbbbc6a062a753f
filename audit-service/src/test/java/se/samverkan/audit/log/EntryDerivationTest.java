package se.samverkan.audit.log;

import org.junit.jupiter.api.Test;
import se.samverkan.audit.compliance.EntryQuery;
import se.samverkan.audit.compliance.MunicipalityScope;
import se.samverkan.contracts.ActorRef;
import se.samverkan.contracts.Agency;
import se.samverkan.contracts.CloudEvent;
import se.samverkan.contracts.CloudEventCodec;
import se.samverkan.contracts.MalformedEventException;
import se.samverkan.contracts.Topics;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What an entry is about comes from its bytes alone, for the service's own entries too. */
class EntryDerivationTest {

    private static final se.samverkan.contracts.signing.EventSigner SIGNER = se.samverkan.platform.test.TestEventKeys.signer("audit-service");
    private static final ActorRef EVA = new ActorRef("eva-id", List.of("compliance-officer"), Agency.MUNICIPALITY, "0136", "haninge-dataskydd");

    /** Both versions of a decision: v1 (comment in the entry, still read) and v2 (a digest of it). */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"se.samverkan.audit.review-decided.v1", "se.samverkan.audit.review-decided.v2"})
    void anInternalEntryReadBackFromItsBytesSaysWhatItsColumnsSaid(String type) {
        UUID caseId = UUID.randomUUID();
        UUID item = UUID.randomUUID();
        PendingEntry written = Entries.internal(SIGNER, UUID.randomUUID(), type, item.toString(), Instant.now(), EVA,
                caseId, item, Entries.object().put("outcome", "JUSTIFIED"));
        assertThat(Entries.REVIEW_DECISIONS).contains(type);

        PendingEntry read = Entries.fromStored(written.bytes());

        assertThat(read.caseId()).isEqualTo(caseId).isEqualTo(written.caseId());
        assertThat(read.actorId()).isEqualTo("eva-id");
        assertThat(read.referenceId()).isEqualTo(item);
        assertThat(read.source()).isEqualTo(Entries.INTERNAL);
        assertThat(read.caseMunicipality()).isEqualTo("0136");
        assertThat(read.actorMunicipality()).isEqualTo("0136");
        assertThat(read.internalData().path("outcome").asString()).isEqualTo("JUSTIFIED");
        assertThat(read.internalData()).isEqualTo(written.internalData());
    }

    @Test
    void theServicesOwnEntriesAreSignedWithItsEventKeyAndNameIt() {
        PendingEntry read = Entries.internal(SIGNER, UUID.randomUUID(), Entries.AUDIT_LOG_READ, "x", Instant.now(), EVA, null, null, Entries.object());

        assertThat(read.producerKeyId()).isEqualTo(SIGNER.keyId());
        assertThat(Entries.fromStored(read.bytes()).producerKeyId()).isEqualTo(SIGNER.keyId());
        // as the offline verifier checks it: audit-service's key, an audit-service type, on no topic
        var verified = se.samverkan.platform.test.TestEventKeys.verifier().verify(null, read.bytes());
        assertThat(verified.producer()).isEqualTo(se.samverkan.signing.EventProducer.AUDIT_SERVICE);
        assertThat(verified.keyId()).isEqualTo(SIGNER.keyId());
    }

    @Test
    void anEntryFromTheVerifiersEnvelopeIsTheEntryFromTheBytes() {
        var event = new se.samverkan.contracts.cases.CaseTeamChanged(new se.samverkan.contracts.CaseRef(UUID.randomUUID(),
                se.samverkan.contracts.Program.RAPID_INTERVENTION, "0136", "haninge-ungdom", UUID.randomUUID(),
                se.samverkan.contracts.ProtectedIdentity.NONE), EVA, Instant.now(), List.of("kim"));
        byte[] value = se.samverkan.platform.test.TestEventKeys.signed(new CloudEventCodec(
                se.samverkan.signing.EventProducer.CASE_SERVICE.source()).wrap(UUID.randomUUID(), Instant.now(), event));
        var verified = se.samverkan.platform.test.TestEventKeys.verifier().verify(Topics.CASE_EVENTS, value);

        PendingEntry once = Entries.fromRecord(Topics.CASE_EVENTS, value, verified);
        PendingEntry twice = Entries.fromRecord(Topics.CASE_EVENTS, value);

        assertThat(once).usingRecursiveComparison().isEqualTo(twice);
        assertThat(once.bytes()).isSameAs(value);
        assertThat(once.producerKeyId()).isEqualTo(verified.keyId()).isNotNull();
        assertThat(once.caseId()).isEqualTo(event.caseRef().caseId());
    }

    @Test
    void aRecordFromKafkaPosingAsAnAuditServiceEntryIsRejected() {
        PendingEntry own = Entries.internal(SIGNER, UUID.randomUUID(), Entries.AUDIT_LOG_READ, "x", Instant.now(), EVA, null, null, Entries.object());
        assertThatThrownBy(() -> Entries.fromRecord(Topics.ACCESS_EVENTS, own.bytes())).isInstanceOf(MalformedEventException.class);
    }

    @Test
    void theMunicipalityScopeCoversTheCasesAndTheStaffOfTheMunicipalityAndTheServicesOwnRecords() {
        MunicipalityScope haninge = new MunicipalityScope("0136");
        MunicipalityScope botkyrka = new MunicipalityScope("0127");
        PendingEntry read = Entries.internal(SIGNER, UUID.randomUUID(), Entries.AUDIT_LOG_READ, "x", Instant.now(), EVA, UUID.randomUUID(), null, Entries.object());
        PendingEntry rejected = Entries.internal(SIGNER, UUID.randomUUID(), Entries.EVENT_REJECTED, "t", Instant.now(), null, null, null,
                Entries.object().put("topic", "t"));

        assertThat(haninge.covers(read)).isTrue();
        assertThat(botkyrka.covers(read)).isFalse();
        assertThat(botkyrka.covers(rejected)).isTrue();
        // about no case and no person, and not the service's own: a publication manifest lists every municipality's cases
        PendingEntry manifest = new PendingEntry(UUID.randomUUID(), Topics.CASE_EVENTS, "se.samverkan.case.publication-manifest.v1",
                null, null, null, null, null, null, null, Instant.now(), new byte[0], null, null, null, null, null);
        assertThat(haninge.covers(manifest)).isFalse();
        assertThat(botkyrka.covers(manifest)).isFalse();
        assertThat(new EntryQuery(read.caseId(), null, null, null, null, null, null, null).matches(read)).isTrue();
        assertThat(new EntryQuery(UUID.randomUUID(), null, null, null, null, null, null, null).matches(read)).isFalse();
    }

    @Test
    void bytesThatNoLongerParseAreNoEntry() {
        CloudEvent envelope = new CloudEvent(CloudEvent.SPEC_VERSION, UUID.randomUUID().toString(), Entries.SOURCE,
                Entries.AUDIT_LOG_READ, "x", Instant.now(), "application/json", null, Entries.object());
        byte[] bytes = CloudEventCodec.toBytes(envelope);
        bytes[0] = 'x';
        assertThatThrownBy(() -> Entries.fromStored(bytes)).isInstanceOf(RuntimeException.class);
    }
}
