package se.samverkan.audit.compliance;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import se.samverkan.audit.log.Entries;
import se.samverkan.audit.log.PendingEntry;
import se.samverkan.contracts.CloudEventCodec;
import se.samverkan.contracts.ContractSchemas;
import se.samverkan.contracts.EventTypes;
import se.samverkan.contracts.IntegrationEvent;
import se.samverkan.platform.test.TestEventKeys;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The narrowing must never drop a true match: for every contract's frozen example, signed as its producer signs it,
 * the bytes contain the needles of a query for exactly what the log derives from them.
 */
class NeedlesTest {

    static Stream<EventTypes.Entry> contracts() {
        return EventTypes.all().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("contracts")
    void everyCriterionTheLogDerivesFromAnEventIsFoundInItsBytes(EventTypes.Entry contract) {
        IntegrationEvent data = CloudEventCodec.mapper().treeToValue(ContractSchemas.example(contract.type()), contract.javaType());
        // the signature's tail is part of the stored bytes; who signs does not matter to the narrowing
        byte[] bytes = TestEventKeys.signer("case-service")
                .sign(new CloudEventCodec(URI.create("/samverkan/case-service")).wrap(UUID.randomUUID(), Instant.now(), data));
        PendingEntry entry = Entries.fromRecord(contract.topic(), bytes);

        EntryQuery query = new EntryQuery(entry.caseId(), entry.subjectId(), entry.actorId(), entry.eventType(), entry.action(),
                entry.legalBasis(), null, null);
        assertThat(query.matches(entry)).isTrue();
        assertThat(Needles.of(query).containedIn(bytes)).as(contract.type()).isTrue();
    }

    @Test
    void anActorIdIsLookedForAsTheJsonWriterEscapesIt() {
        String actor = "o'hara \"the\" \\admin\\ åsa";
        byte[] bytes = CloudEventCodec.mapper().writeValueAsBytes(java.util.Map.of("userId", actor));
        Needles needles = Needles.of(new EntryQuery(null, null, actor, null, null, null, null, null));

        assertThat(needles.containedIn(bytes)).isTrue();
        assertThat(needles.containedIn(CloudEventCodec.mapper().writeValueAsBytes(java.util.Map.of("userId", "o'hara")))).isFalse();
    }

    @Test
    void aUuidIsFoundInEitherCaseAndEveryCriterionMustBePresent() {
        UUID caseId = UUID.randomUUID();
        UUID subjectId = UUID.randomUUID();
        Needles both = Needles.of(new EntryQuery(caseId, subjectId, null, null, null, null, null, null));

        assertThat(both.containedIn(("{\"caseId\":\"" + caseId + "\",\"subjectId\":\"" + subjectId.toString().toUpperCase() + "\"}").getBytes()))
                .isTrue();
        assertThat(both.containedIn(("{\"caseId\":\"" + caseId + "\"}").getBytes())).isFalse();
        assertThat(Needles.of(new EntryQuery(null, null, null, null, null, null, Instant.EPOCH, null)).isEmpty()).isTrue();
        assertThat(List.of(both.sql().split("AND")).size()).isEqualTo(3);
    }
}
