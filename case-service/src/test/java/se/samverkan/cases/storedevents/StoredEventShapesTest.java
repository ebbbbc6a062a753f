package se.samverkan.cases.storedevents;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import se.samverkan.cases.config.CaseServiceConfiguration;
import se.samverkan.cases.domain.CaseEvent;
import se.samverkan.cases.publishing.IntegrationEventContractTest;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Every stored case event has a stable name, a revision and a frozen example of its stored JSON (before sealing) in
 * {@code src/test/resources/stored-events/<name>.<revision>.json}. Changing a stored shape (a field renamed, retyped,
 * an enum constant renamed, a nested record changed) fails here: give the event a new {@code @Revision}, an upcaster
 * from the old revision and a frozen example of the new one, and keep the old example ({@link StoredEventUpcastingTest}
 * upcasts every old example and expects the current one). The one change that may update the current example without
 * a new revision is a new nullable field (older events read it as null).
 */
class StoredEventShapesTest {

    static final ObjectMapper MAPPER = CaseServiceConfiguration.axonMapper();

    @Test
    void everyCaseEventHasAStableNameAndARevision() {
        for (Class<?> type : CaseEvent.class.getPermittedSubclasses()) {
            assertThat(StoredEventNames.nameOf(type)).as(type.getSimpleName() + " in StoredEventNames").isPresent();
            assertThat(StoredEventNames.revisionOf(type)).as(type.getSimpleName() + " has @Revision").isNotBlank();
            assertThat(StoredEventNames.classOf(StoredEventNames.nameOf(type).orElseThrow())).contains(
                    type.asSubclass(CaseEvent.class));
        }
        assertThat(StoredEventNames.names()).hasSize(CaseEvent.class.getPermittedSubclasses().length);
    }

    @Test
    void theSamplesCoverTheWholeSealedFamily() {
        assertThat(IntegrationEventContractTest.samples().stream().map(Object::getClass).toList())
                .containsExactlyInAnyOrder(CaseEvent.class.getPermittedSubclasses());
    }

    @Test
    void everyCaseEventIsStoredAsItsFrozenExample() throws IOException {
        List<String> missing = new ArrayList<>();
        for (CaseEvent sample : IntegrationEventContractTest.samples()) {
            String file = frozenFile(sample.getClass());
            JsonNode actual = MAPPER.valueToTree(sample);
            JsonNode frozen = read(file);
            if (frozen == null) {
                Path written = Path.of("target", "stored-events-actual", file);
                Files.createDirectories(written.getParent());
                MAPPER.writerWithDefaultPrettyPrinter().writeValue(written.toFile(), actual);
                missing.add(written.toString());
                continue;
            }
            assertThat(unordered(actual)).as(sample.getClass().getSimpleName() + " differs from its frozen stored shape " + file
                    + ": a changed stored shape needs a new @Revision, an upcaster and a new frozen example")
                    .isEqualTo(unordered(frozen));
        }
        if (!missing.isEmpty()) {
            fail("No frozen example for " + missing + "; review these and copy them to src/test/resources/stored-events/");
        }
    }

    @Test
    void everyFrozenExampleNamesAKnownEventAndRevision() throws IOException {
        try (var files = Files.list(Path.of("src", "test", "resources", "stored-events"))) {
            for (Path path : files.toList()) {
                String file = path.getFileName().toString();
                String[] parts = file.substring(0, file.length() - ".json".length()).split("\\.(?=[^.]+$)");
                Class<?> type = StoredEventNames.classOf(parts[0]).orElse(null);
                assertThat(type).as(file + " names a stored event").isNotNull();
                assertThat(Integer.parseInt(parts[1])).as(file + " is not ahead of its event's @Revision")
                        .isBetween(1, Integer.parseInt(StoredEventNames.revisionOf(type)));
            }
        }
    }

    /** Sets serialize in no fixed order; the order of strings in an array is no part of the stored shape. */
    static JsonNode unordered(JsonNode node) {
        JsonNode copy = node.deepCopy();
        sortTextArrays(copy);
        return copy;
    }

    private static void sortTextArrays(JsonNode node) {
        if (node instanceof ArrayNode array) {
            List<JsonNode> elements = new ArrayList<>();
            array.forEach(elements::add);
            if (elements.stream().allMatch(JsonNode::isTextual)) {
                elements.sort(Comparator.comparing(JsonNode::textValue));
                array.removeAll();
                array.addAll(elements);
            } else {
                elements.forEach(StoredEventShapesTest::sortTextArrays);
            }
        } else if (node instanceof ObjectNode object) {
            object.elements().forEachRemaining(StoredEventShapesTest::sortTextArrays);
        }
    }

    static String frozenFile(Class<?> type) {
        return StoredEventNames.nameOf(type).orElseThrow() + "." + StoredEventNames.revisionOf(type) + ".json";
    }

    static JsonNode read(String file) throws IOException {
        try (InputStream in = StoredEventShapesTest.class.getResourceAsStream("/stored-events/" + file)) {
            return in == null ? null : MAPPER.readTree(in);
        }
    }
}
