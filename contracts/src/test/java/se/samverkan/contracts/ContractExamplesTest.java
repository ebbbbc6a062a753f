package se.samverkan.contracts;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import se.samverkan.contracts.cases.CaseIntegrationEvent;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.net.URI;
import java.time.Instant;
import java.util.UUID;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ContractExamplesTest {

    static Stream<String> types() {
        return EventTypes.all().stream().map(EventTypes.Entry::type);
    }

    @ParameterizedTest
    @MethodSource("types")
    void frozenExampleConformsToItsSchema(String type) {
        assertThat(ContractSchemas.violations(type, ContractSchemas.example(type))).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("types")
    void frozenExampleSurvivesARoundTripThroughItsRecordUnchanged(String type) {
        JsonNode example = ContractSchemas.example(type);
        CloudEvent event = new CloudEvent("1.0", UUID.randomUUID().toString(), URI.create("/test"), type, "s",
                Instant.parse("2026-11-25T10:00:00Z"), "application/json", null, example);

        IntegrationEvent data = CloudEventCodec.data(event);

        assertThat(data).isInstanceOf(EventTypes.byType(type).orElseThrow().javaType());
        // re-read so numbers compare by value, not by the node class Jackson picked
        assertThat(CloudEventCodec.mapper().readTree(CloudEventCodec.mapper().writeValueAsString(data))).isEqualTo(example);
    }

    @ParameterizedTest
    @MethodSource("types")
    void everyEventNamesItsFamilyHoldingItselfAndTheFamilyIsNotPartOfItsData(String type) {
        CloudEvent event = new CloudEvent("1.0", UUID.randomUUID().toString(), URI.create("/test"), type, "s",
                Instant.parse("2026-11-25T10:00:00Z"), "application/json", null, ContractSchemas.example(type));
        IntegrationEvent data = CloudEventCodec.data(event);

        assertThat(data.family().event()).isSameAs(data);
        assertThat(CloudEventCodec.mapper().valueToTree(data).has("family")).isFalse();
    }

    @ParameterizedTest
    @MethodSource("types")
    void aProducerSendsNothingItsSchemaDoesNotList(String type) {
        assertThat(ContractSchemas.producerViolations(type, ContractSchemas.example(type))).isEmpty();

        ObjectNode grown = (ObjectNode) ContractSchemas.example(type).deepCopy();
        grown.put("subjectName", "Elsa Radsdotter");
        assertThat(ContractSchemas.producerViolations(type, grown)).as("a field added at the top").isNotEmpty();
        if (!ContractSchemas.schemaNode(type).has("additionalProperties")) {
            assertThat(ContractSchemas.violations(type, grown)).as("a consumer still reads it (additive within a version)").isEmpty();
        }

        ObjectNode nested = (ObjectNode) ContractSchemas.example(type).deepCopy();
        nested.properties().stream().filter(member -> member.getValue().isObject()
                        && ContractSchemas.schemaNode(type).at("/properties/" + member.getKey() + "/properties").isObject())
                .findFirst().ifPresent(member -> {
                    ((ObjectNode) member.getValue()).put("personalIdentityNumber", "20100315-9124");
                    assertThat(ContractSchemas.producerViolations(type, nested)).as("a field added inside " + member.getKey()).isNotEmpty();
                });
    }

    @ParameterizedTest
    @MethodSource("types")
    void schemaRejectsDataMissingARequiredField(String type) {
        ObjectNode broken = (ObjectNode) ContractSchemas.example(type).deepCopy();
        String firstRequired = ContractSchemas.schemaNode(type).get("required").get(0).asString();
        broken.remove(firstRequired);

        assertThat(ContractSchemas.violations(type, broken)).isNotEmpty();
    }

    @ParameterizedTest
    @MethodSource("types")
    void typesAreStableStringsNotJavaClassNames(String type) {
        assertThat(type).matches("se\\.samverkan\\.(case|access|audit)\\.[a-z-]+\\.v\\d+");
    }

    @Test
    void caseEventsAreKeyedByCaseIdAndTravelWithTheProtectedIdentityFlag() {
        String type = "se.samverkan.case.referral-sent.v1";
        CaseIntegrationEvent data = (CaseIntegrationEvent) CloudEventCodec.data(new CloudEvent("1.0", UUID.randomUUID().toString(),
                URI.create("/test"), type, null, Instant.now(), "application/json", null, ContractSchemas.example(type)));
        CloudEvent wrapped = new CloudEventCodec(URI.create("/samverkan/case-service")).wrap(UUID.randomUUID(), Instant.now(), data);

        assertThat(wrapped.subject()).isEqualTo(data.caseRef().caseId().toString());
        assertThat(wrapped.data().get("caseRef").get("protectedIdentity").asString()).isEqualTo("NONE");
        assertThat(EventTypes.byType(type).orElseThrow().topic()).isEqualTo(Topics.CASE_EVENTS);
    }

    @Test
    void envelopeRoundTripsThroughBytes() {
        String type = "se.samverkan.case.case-opened.v1";
        IntegrationEvent data = CloudEventCodec.data(new CloudEvent("1.0", UUID.randomUUID().toString(), URI.create("/t"), type,
                null, Instant.now(), "application/json", null, ContractSchemas.example(type)));
        UUID id = UUID.randomUUID();
        CloudEvent event = new CloudEventCodec(URI.create("/samverkan/case-service")).wrap(id, Instant.parse("2026-11-25T10:00:00.123456Z"), data);

        CloudEvent back = CloudEventCodec.fromBytes(CloudEventCodec.toBytes(event));

        assertThat(back).isEqualTo(event);
        assertThat(back.eventId()).isEqualTo(id);
        assertThat(CloudEventCodec.toJson(event)).contains("\"type\":\"se.samverkan.case.case-opened.v1\"")
                .contains("\"time\":\"2026-11-25T10:00:00.123Z\"");
    }

    @Test
    void garbageIsAMalformedEventNotACrash() {
        assertThatThrownBy(() -> CloudEventCodec.fromBytes("{not json".getBytes())).isInstanceOf(MalformedEventException.class);
        assertThatThrownBy(() -> CloudEventCodec.fromBytes("{\"specversion\":\"0.3\",\"id\":\"x\"}".getBytes()))
                .isInstanceOf(MalformedEventException.class);
        assertThatThrownBy(() -> CloudEventCodec.fromBytes(new byte[0])).isInstanceOf(MalformedEventException.class);
    }
}
