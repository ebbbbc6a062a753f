package se.samverkan.audit.log;

import org.junit.jupiter.api.Test;
import se.samverkan.contracts.CloudEvent;
import se.samverkan.contracts.CloudEventCodec;
import se.samverkan.contracts.ContractSchemas;
import se.samverkan.contracts.EventTypes;
import se.samverkan.contracts.MalformedEventException;
import se.samverkan.contracts.Topics;
import se.samverkan.contracts.audit.CheckpointIssued;
import se.samverkan.contracts.audit.ReviewItemRaised;
import se.samverkan.contracts.access.AccessRecorded;
import se.samverkan.audit.tlog.Rfc6962;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Consumer side of the contracts: every frozen example the log consumes is accepted byte for byte. */
class EntriesContractTest {

    @Test
    void everyConsumedEventTypesFrozenExampleBecomesAnEntryWithItsExactBytes() {
        var consumed = EventTypes.all().stream()
                .filter(e -> e.topic().equals(Topics.CASE_EVENTS) || e.topic().equals(Topics.ACCESS_EVENTS)).toList();
        assertThat(consumed).hasSizeGreaterThan(20);
        // a protection level put in force is the case's own event in the log, not only the access event of the PUT
        assertThat(consumed).extracting(EventTypes.Entry::type).contains("se.samverkan.case.protection-changed.v1");
        for (EventTypes.Entry type : consumed) {
            var data = ContractSchemas.example(type.type());
            assertThat(ContractSchemas.violations(type.type(), data)).as(type.type()).isEmpty();
            CloudEvent envelope = new CloudEvent(CloudEvent.SPEC_VERSION, UUID.randomUUID().toString(), URI.create("/samverkan/case-service"),
                    type.type(), "subject", Instant.parse("2026-11-25T09:30:00Z"), "application/json", type.schemaUri(), data);
            byte[] bytes = CloudEventCodec.toBytes(envelope);
            PendingEntry entry = Entries.fromRecord(type.topic(), bytes);
            assertThat(entry.bytes()).as(type.type()).isSameAs(bytes);
            assertThat(entry.eventId().toString()).isEqualTo(envelope.id());
            assertThat(entry.eventType()).isEqualTo(type.type());
            if (entry.event() instanceof AccessRecorded access) {
                assertThat(entry.actorId()).isEqualTo(access.actor().userId());
                assertThat(entry.outcome()).isEqualTo(access.outcome().name());
            } else if (entry.event() instanceof se.samverkan.contracts.access.DirectoryEntryChanged changed) {
                // an administrator's directory edit is about a person of staff, not a case
                assertThat(entry.actorId()).isEqualTo(changed.actor().userId());
                assertThat(entry.action()).isEqualTo(changed.change().name());
                assertThat(entry.outcome()).isEqualTo(changed.outcome().name());
            } else if (entry.event() instanceof se.samverkan.contracts.reconciliation.PublicationManifest) {
                // case-service's account of what it published: about a stream, not one case
                assertThat(entry.caseId()).isNull();
            } else if (entry.event() instanceof se.samverkan.contracts.effects.EffectFiguresPublished figures) {
                // a municipality's monthly aggregates (issue 15): no case, no person; its officers read it
                assertThat(entry.caseId()).isNull();
                assertThat(entry.subjectId()).isNull();
                assertThat(entry.caseMunicipality()).isEqualTo(figures.municipality());
            } else {
                assertThat(entry.caseId()).as(type.type()).isNotNull();
            }
        }
    }

    @Test
    void anUnknownButWellFormedTypeIsLoggedAndGarbageIsRejected() {
        CloudEvent future = new CloudEvent(CloudEvent.SPEC_VERSION, UUID.randomUUID().toString(), URI.create("/samverkan/case-service"),
                "se.samverkan.case.something-new.v1", "s", Instant.now(), "application/json", null, CloudEventCodec.mapper().createObjectNode());
        assertThat(Entries.fromRecord(Topics.CASE_EVENTS, CloudEventCodec.toBytes(future)).event()).isNull();
        assertThatThrownBy(() -> Entries.fromRecord(Topics.CASE_EVENTS, "{]".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(MalformedEventException.class);
        assertThatThrownBy(() -> Entries.fromRecord(Topics.CASE_EVENTS, new byte[0])).isInstanceOf(MalformedEventException.class);
    }

    @Test
    void whatTheLogPublishesMatchesItsSchemas() {
        var checkpoint = new CheckpointIssued("samverkan.local/audit", 12, Base64.getEncoder().encodeToString(Rfc6962.emptyRoot()),
                "samverkan.local/audit\n12\nabc=\n\n\u2014 k AAAA\n", Instant.now());
        assertThat(ContractSchemas.violations(EventTypes.of(checkpoint).type(), CloudEventCodec.toTree(checkpoint))).isEmpty();
        var item = new ReviewItemRaised(UUID.randomUUID(), "BREAK_GLASS", UUID.randomUUID(), "haninge-ungdom", "0136",
                "6f1b7c2e-0a4d-4b8e-9c51-2d3e4f5a6b02", UUID.randomUUID().toString(), Instant.now());
        assertThat(ContractSchemas.violations(EventTypes.of(item).type(), CloudEventCodec.toTree(item))).isEmpty();
        var malformed = new ReviewItemRaised(UUID.randomUUID(), "MALFORMED_EVENT", null, null, null, null,
                UUID.randomUUID().toString(), Instant.now());
        assertThat(ContractSchemas.violations(EventTypes.of(malformed).type(), CloudEventCodec.toTree(malformed))).isEmpty();
    }
}
