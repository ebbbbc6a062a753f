package se.samverkan.audit.log;

import java.time.Instant;
import java.util.UUID;

public record StoredCheckpoint(long treeSize, byte[] rootHash, String signedNote, UUID eventId, Instant issuedAt) {
}
