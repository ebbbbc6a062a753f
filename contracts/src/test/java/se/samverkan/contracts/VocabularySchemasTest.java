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
        int checked = 0;
        for (EventTypes.Entry entry : EventTypes.all()) {
            if (!entry.topic().equals(Topics.CASE_EVENTS)) {
                continue;
            }
            JsonNode properties = ContractSchemas.schemaNode(entry.type()).get("properties");
            for (Map.Entry<String, Class<? extends Enum<? extends Labelled>>> vocabulary : Vocabularies.fixed().entrySet()) {
                JsonNode field = properties.get(vocabulary.getKey());
                if (field == null) {
                    continue;
                }
                JsonNode enumNode = field.has("items") ? field.get("items").get("enum") : field.get("enum");
                assertThat(enumNode).as(entry.type() + "." + vocabulary.getKey() + " has no enum").isNotNull();
                List<String> codes = new ArrayList<>();
                enumNode.forEach(n -> codes.add(n.asString()));
                assertThat(codes).as(entry.type() + "." + vocabulary.getKey())
                        .containsExactlyElementsOf(Vocabularies.codes(vocabulary.getValue()));
                checked++;
            }
        }
        assertThat(checked).isEqualTo(Vocabularies.fixed().size());
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
    })
    void aNameWrittenIntoACodeFieldViolatesTheSchema(String type, String field) {
        ObjectNode data = (ObjectNode) ContractSchemas.example(type).deepCopy();
        data.put(field, "Kim Andersson");

        assertThat(ContractSchemas.violations(type, data)).isNotEmpty();
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
