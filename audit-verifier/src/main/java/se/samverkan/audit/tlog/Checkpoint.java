package se.samverkan.audit.tlog;

import java.util.Base64;

/** A C2SP tlog-checkpoint body: origin line, decimal tree size, base64 root hash, each ending in a newline. */
public record Checkpoint(String origin, long treeSize, byte[] rootHash) {

    public Checkpoint {
        if (origin == null || origin.isBlank() || origin.contains("\n")) {
            throw new IllegalArgumentException("a checkpoint origin is one non-empty line");
        }
        if (treeSize < 0 || rootHash == null || rootHash.length != Rfc6962.HASH_SIZE) {
            throw new IllegalArgumentException("a checkpoint needs a size >= 0 and a 32-byte root hash");
        }
    }

    public String body() {
        return origin + "\n" + treeSize + "\n" + Base64.getEncoder().encodeToString(rootHash) + "\n";
    }

    public String rootHashBase64() {
        return Base64.getEncoder().encodeToString(rootHash);
    }

    /** Parses a note body; extension lines after the root hash are allowed by the spec and ignored here. */
    public static Checkpoint parse(String body) {
        String[] lines = body.split("\n", -1);
        if (lines.length < 4 || !body.endsWith("\n")) {
            throw new IllegalArgumentException("a checkpoint body has an origin, a size and a root hash line");
        }
        long size;
        try {
            size = Long.parseLong(lines[1]);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("checkpoint tree size is not a decimal number: " + lines[1]);
        }
        if (!lines[1].equals(Long.toString(size))) {
            throw new IllegalArgumentException("checkpoint tree size is not in canonical decimal form: " + lines[1]);
        }
        return new Checkpoint(lines[0], size, Base64.getDecoder().decode(lines[2]));
    }
}
