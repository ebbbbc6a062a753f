package se.samverkan.contracts;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import se.samverkan.contracts.vocabulary.Labelled;
import se.samverkan.contracts.vocabulary.Vocabularies;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Issue 10 item 6: code fields of the contracts carry codes of a maintained vocabulary, never free text. */
class VocabularySchemasTest {

    @Test
    void everySchemaFieldNamedForAVocabularyListsExactlyItsCodes() {
        java.util.Set<String> found = new java.util.TreeSet<>();
        for (EventTypes.Entry entry : EventTypes.all()) {
            if (!entry.topic().equals(Topics.CASE_EVENTS)) {
                continue;
            }
            // at any depth: the effect figures (issue 15) name a school or work status inside each figure of a row
            for (Map.Entry<String, JsonNode> field : fieldsAtAnyDepth(ContractSchemas.schemaNode(entry.type()))) {
                Class<? extends Enum<? extends Labelled>> vocabulary = Vocabularies.fixed().get(field.getKey());
                if (vocabulary == null) {
                    continue;
                }
                JsonNode enumNode = field.getValue().has("items") ? field.getValue().get("items").get("enum") : field.getValue().get("enum");
                assertThat(enumNode).as(entry.type() + "." + field.getKey() + " has no enum").isNotNull();
                List<String> codes = new ArrayList<>();
                enumNode.forEach(n -> codes.add(n.asString()));
                assertThat(codes).as(entry.type() + "." + field.getKey())
                        .containsExactlyElementsOf(Vocabularies.codes(vocabulary));
                found.add(field.getKey());
            }
        }
        assertThat(found).as("every vocabulary is the code list of some field of a case event")
                .containsExactlyInAnyOrderElementsOf(Vocabularies.fixed().keySet());
    }

    /** Every named property of a schema, its nested objects' and its arrays' items' included. */
    private static List<Map.Entry<String, JsonNode>> fieldsAtAnyDepth(JsonNode schema) {
        List<Map.Entry<String, JsonNode>> fields = new ArrayList<>();
        JsonNode properties = schema.get("properties");
        if (properties != null) {
            for (Map.Entry<String, JsonNode> property : properties.properties()) {
                fields.add(property);
                fields.addAll(fieldsAtAnyDepth(property.getValue()));
            }
        }
        if (schema.get("items") instanceof JsonNode items && items.isObject()) {
            fields.addAll(fieldsAtAnyDepth(items));
        }
        return fields;
    }

    @Test
    void everyCodeHasASwedishLabel() {
        Vocabularies.fixed().values().forEach(type -> {
            for (Enum<?> code : type.getEnumConstants()) {
                assertThat(((Labelled) code).label()).as(code.name()).isNotBlank().isNotEqualTo(code.name());
            }
        });
    }

    @ParameterizedTest
    @CsvSource({
            "se.samverkan.case.measure-recorded.v1, measureType",
            "se.samverkan.case.case-closed.v1, outcome",
            "se.samverkan.case.referral-declined.v1, reasonCode",
            "se.samverkan.case.referral-completed.v1, outcomeCode",
            "se.samverkan.case.case-shared.v1, partnerMunicipality",
            "se.samverkan.case.referral-sent.v1, policeUnit",
            "se.samverkan.case.consent-recorded.v1, recipientUnit",
            "se.samverkan.case.referral-sent.v1, legalBasis",
            "se.samverkan.case.referral-awaiting-approval.v1, legalBasis",
            "se.samverkan.case.referral-sent.v1, purpose",
    })
    void aNameWrittenIntoACodeFieldViolatesTheSchema(String type, String field) {
        ObjectNode data = (ObjectNode) ContractSchemas.example(type).deepCopy();
        data.put(field, "Kim Andersson");

        assertThat(ContractSchemas.violations(type, data)).isNotEmpty();
    }

    /** Issue 15: a referral's single purpose is a code of the purposes' vocabulary, like a consent's list. */
    @ParameterizedTest
    @CsvSource({"se.samverkan.case.referral-sent.v1", "se.samverkan.case.referral-awaiting-approval.v1"})
    void aReferralsPurposeListsExactlyThePurposeCodes(String type) {
        JsonNode enumNode = ContractSchemas.schemaNode(type).get("properties").get("purpose").get("enum");
        List<String> codes = new ArrayList<>();
        enumNode.forEach(n -> codes.add(n.asString()));
        assertThat(codes).containsExactlyElementsOf(Vocabularies.codes(se.samverkan.contracts.vocabulary.ConsentPurpose.class));
    }

    /**
     * Issue 15: a municipality adds legal bases to its catalogue as data, so the code is no longer one of three; it is
     * still a code (capitals, digits, underscores), and the fields added then are optional, so v1 events from before
     * (the frozen example) and after both conform.
     */
    @Test
    void aMunicipalLegalBasisCodeWithItsCatalogueVersionAndPurposeConforms() {
        String type = "se.samverkan.case.referral-sent.v1";
        ObjectNode data = (ObjectNode) ContractSchemas.example(type).deepCopy();
        data.put("legalBasis", "OSL_10_23").put("legalBasisVersion", 3).put("purpose", "CRIME_PREVENTION");

        assertThat(ContractSchemas.violations(type, data)).isEmpty();
        assertThat(ContractSchemas.violations(type, data.deepCopy().put("legalBasisVersion", -1))).isNotEmpty();
        assertThat(ContractSchemas.violations(type, data.deepCopy().put("legalBasis", "osl 10:23"))).isNotEmpty();
        assertThat(ContractSchemas.violations(type, data.deepCopy().put("purpose", "Kim Andersson"))).isNotEmpty();
    }

    @Test
    void aNameAmongThePurposesViolatesTheSchema() {
        String type = "se.samverkan.case.consent-recorded.v1";
        ObjectNode data = (ObjectNode) ContractSchemas.example(type).deepCopy();
        data.putArray("purposes").add("CRIME_PREVENTION").add("Kim Andersson");

        assertThat(ContractSchemas.violations(type, data)).isNotEmpty();
    }

    @Test
    void aNameAsTheOwningUnitViolatesEverySchema() {
        String type = "se.samverkan.case.note-recorded.v1";
        ObjectNode data = (ObjectNode) ContractSchemas.example(type).deepCopy();
        ((ObjectNode) data.get("caseRef")).put("unit", "Kim Andersson");

        assertThat(ContractSchemas.violations(type, data)).isNotEmpty();
    }
}
