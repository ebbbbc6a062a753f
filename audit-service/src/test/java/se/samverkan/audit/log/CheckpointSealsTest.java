package se.samverkan.audit.log;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class CheckpointSealsTest {

    static final CheckpointSeals SEALS = new CheckpointSeals("PRIVATE+KEY+samverkan.local/audit+0a1b2c3d+seed".getBytes(StandardCharsets.UTF_8));
    static final StoredCheckpoint ROW = new StoredCheckpoint(7, new byte[32], "samverkan.local/audit\n7\nAAAA\n\n\u2014 key sig\n",
            UUID.randomUUID(), Instant.EPOCH);

    @Test
    void aSealMatchesExactlyTheRowItWasMadeFor() {
        byte[] seal = SEALS.seal(ROW);
        assertThat(SEALS.matches(seal, ROW)).isTrue();
        assertThat(SEALS.matches(seal, new StoredCheckpoint(8, ROW.rootHash(), ROW.signedNote(), ROW.eventId(), ROW.issuedAt())))
                .as("another size").isFalse();
        byte[] otherRoot = new byte[32];
        otherRoot[0] = 1;
        assertThat(SEALS.matches(seal, new StoredCheckpoint(7, otherRoot, ROW.signedNote(), ROW.eventId(), ROW.issuedAt())))
                .as("another root").isFalse();
        assertThat(SEALS.matches(seal, new StoredCheckpoint(7, ROW.rootHash(), ROW.signedNote() + "x", ROW.eventId(), ROW.issuedAt())))
                .as("another note").isFalse();
        assertThat(SEALS.matches(null, ROW)).isFalse();
    }

    @Test
    void aSealOfAnotherKeyOrOfTheSearchColumnsIsNotAMatch() {
        CheckpointSeals other = new CheckpointSeals("PRIVATE+KEY+samverkan.local/audit+0a1b2c3d+other".getBytes(StandardCharsets.UTF_8));
        assertThat(SEALS.matches(other.seal(ROW), ROW)).isFalse();
        SearchSeals search = new SearchSeals("PRIVATE+KEY+samverkan.local/audit+0a1b2c3d+seed".getBytes(StandardCharsets.UTF_8));
        assertThat(SEALS.matches(search.seal(7, ROW.rootHash()), ROW)).as("a label of its own").isFalse();
    }
}
