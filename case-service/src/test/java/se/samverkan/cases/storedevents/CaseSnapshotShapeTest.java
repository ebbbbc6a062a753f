package se.samverkan.cases.storedevents;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import se.samverkan.cases.domain.CaseFile;
import se.samverkan.cases.domain.CaseSnapshot;
import se.samverkan.cases.domain.SnapshotSamples;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static se.samverkan.cases.storedevents.StoredEventShapesTest.MAPPER;
import static se.samverkan.cases.storedevents.StoredEventShapesTest.unordered;

/**
 * The case snapshot's stored shape is frozen like the events' ({@code stored-snapshots/case.CaseSnapshot.<revision>.json}):
 * a changed {@link CaseSnapshot} or {@link CaseFile} part without a new {@code @Revision} fails here, because an old
 * snapshot read into a new shape would restore a case with parts silently missing. With a new revision, old
 * snapshots are simply not read ({@code config.CaseSnapshots}); no upcaster is needed.
 */
class CaseSnapshotShapeTest {

    static final String FROZEN = StoredEventNames.CASE_SNAPSHOT + "." + StoredEventNames.revisionOf(CaseSnapshot.class) + ".json";

    @Test
    void theSnapshotHasAStableNameAndARevisionApartFromTheEvents() {
        assertThat(StoredEventNames.storedNameOf(CaseSnapshot.class)).contains(StoredEventNames.CASE_SNAPSHOT);
        assertThat(StoredEventNames.storedClassOf(StoredEventNames.CASE_SNAPSHOT)).contains(CaseSnapshot.class);
        assertThat(StoredEventNames.names()).doesNotContain(StoredEventNames.CASE_SNAPSHOT);
        assertThat(StoredEventNames.revisionOf(CaseSnapshot.class)).isNotBlank();
    }

    @Test
    void theSnapshotRoundTripsThroughItsStoredJson() throws IOException {
        CaseSnapshot snapshot = CaseFile.of(SnapshotSamples.history()).snapshot();
        CaseSnapshot back = MAPPER.treeToValue(MAPPER.valueToTree(snapshot), CaseSnapshot.class);
        assertThat(back).isEqualTo(snapshot);
        assertThat(CaseFile.restore(back).snapshot()).isEqualTo(snapshot);
    }

    @Test
    void theSnapshotIsStoredAsItsFrozenExample() throws IOException {
        // through text, as it is stored: a long read back is an int node, and nodes of different number types differ
        JsonNode actual = MAPPER.readTree(MAPPER.writeValueAsString(CaseFile.of(SnapshotSamples.history()).snapshot()));
        JsonNode frozen;
        try (InputStream in = getClass().getResourceAsStream("/stored-snapshots/" + FROZEN)) {
            frozen = in == null ? null : MAPPER.readTree(in);
        }
        if (frozen == null) {
            Path written = Path.of("target", "stored-snapshots-actual", FROZEN);
            Files.createDirectories(written.getParent());
            MAPPER.writerWithDefaultPrettyPrinter().writeValue(written.toFile(), actual);
            fail("No frozen example " + FROZEN + "; review " + written + " and copy it to src/test/resources/stored-snapshots/");
        }
        assertThat(unordered(actual)).as("CaseSnapshot differs from its frozen stored shape " + FROZEN
                + ": a changed snapshot shape needs a new @Revision and a new frozen example").isEqualTo(unordered(frozen));
    }
}
