package se.samverkan.audit.tlog;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * C2SP tlog-cosignature, Ed25519 type ({@code cosignature/v1}): a witness's note signature line over
 * {@code "cosignature/v1\ntime <t>\n" || checkpoint body}, whose blob is key id || u64 timestamp || signature and
 * whose key id uses the algorithm byte 0x04. Keys are written like note keys with that byte:
 * {@code PRIVATE+KEY+<name>+<hash>+<base64(0x04 || seed)>} and {@code <name>+<hash>+<base64(0x04 || public key)>}.
 * A cosignature says: as of time t, this is the largest tree of that origin the witness saw and checked consistent.
 */
public final class Cosignatures {

    static final byte ALG_COSIGNATURE_V1 = 0x04;
    private static final String LINE_PREFIX = "\u2014 ";
    private static final String HEADER = "cosignature/v1\n";

    public record Key(String name, byte[] keyHash, PublicKey publicKey, byte[] rawPublicKey) {

        public String encoded() {
            return name + "+" + HexFormat.of().formatHex(keyHash) + "+" + NoteKeys.base64(ALG_COSIGNATURE_V1, rawPublicKey);
        }
    }

    public record Cosigner(String name, byte[] keyHash, PrivateKey privateKey, Key key) {
    }

    private Cosignatures() {
    }

    public static String generateCosigner(String name) {
        byte[] seed = new byte[32];
        new SecureRandom().nextBytes(seed);
        return "PRIVATE+KEY+" + name + "+" + HexFormat.of().formatHex(fromSeed(name, seed).keyHash()) + "+"
                + NoteKeys.base64(ALG_COSIGNATURE_V1, seed);
    }

    public static Cosigner fromSeed(String name, byte[] seed) {
        NoteKeys.checkName(name);
        Object[] pair = NoteKeys.keyPair(seed);
        Key key = key(name, (byte[]) pair[1]);
        return new Cosigner(name, key.keyHash(), (PrivateKey) pair[0], key);
    }

    public static Cosigner parseCosigner(String text) {
        String[] parts = text.trim().split("\\+", 5);
        if (parts.length != 5 || !parts[0].equals("PRIVATE") || !parts[1].equals("KEY")) {
            throw new IllegalArgumentException("a cosigner key looks like PRIVATE+KEY+<name>+<8 hex digits>+<base64 seed>");
        }
        byte[] raw = decode(parts[4], "cosigner");
        Cosigner cosigner = fromSeed(parts[2], raw);
        if (!HexFormat.of().formatHex(cosigner.keyHash()).equals(parts[3].toLowerCase())) {
            throw new IllegalArgumentException("cosigner key hash " + parts[3] + " does not match its name and key");
        }
        return cosigner;
    }

    public static Key parseKey(String text) {
        String[] parts = text.trim().split("\\+", 3);
        if (parts.length != 3) {
            throw new IllegalArgumentException("a witness key looks like <name>+<8 hex digits>+<base64 key>");
        }
        NoteKeys.checkName(parts[0]);
        Key key = key(parts[0], decode(parts[2], "witness"));
        if (!HexFormat.of().formatHex(key.keyHash()).equals(parts[1].toLowerCase())) {
            throw new IllegalArgumentException("witness key hash " + parts[1] + " does not match its name and key");
        }
        return key;
    }

    private static byte[] decode(String base64, String what) {
        byte[] key;
        try {
            key = Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the " + what + " key is not base64");
        }
        if (key.length != 33 || key[0] != ALG_COSIGNATURE_V1) {
            // a note signing key (0x01) is refused here: the cosignature key id commits to 0x04
            throw new IllegalArgumentException("only cosignature/v1 keys (algorithm byte 0x04, 32 bytes) are " + what + " keys");
        }
        return Arrays.copyOfRange(key, 1, 33);
    }

    private static Key key(String name, byte[] raw) {
        return new Key(name, NoteKeys.keyHash(name, ALG_COSIGNATURE_V1, raw), NoteKeys.publicKey(raw), raw.clone());
    }

    /** One signature line (ending in a newline) over the checkpoint body, timestamped {@code time} (POSIX seconds). */
    public static String cosign(String checkpointBody, Cosigner cosigner, long time) {
        if (time <= 0) {
            throw new IllegalArgumentException("a cosignature's timestamp is a positive POSIX time");
        }
        try {
            Signature ed = Signature.getInstance("Ed25519");
            ed.initSign(cosigner.privateKey());
            ed.update(message(checkpointBody, time));
            byte[] signature = ed.sign();
            byte[] blob = ByteBuffer.allocate(4 + 8 + signature.length).put(cosigner.keyHash()).putLong(time).put(signature).array();
            return LINE_PREFIX + cosigner.name() + " " + Base64.getEncoder().encodeToString(blob) + "\n";
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("could not sign with Ed25519", e);
        }
    }

    /** The timestamp of a valid cosignature by this key on this line over the body, or -1 when it is not one. */
    public static long verify(String checkpointBody, String line, Key key) {
        String text = line.endsWith("\n") ? line.substring(0, line.length() - 1) : line;
        if (!text.startsWith(LINE_PREFIX)) {
            return -1;
        }
        String[] parts = text.substring(LINE_PREFIX.length()).split(" ");
        if (parts.length != 2 || !parts[0].equals(key.name())) {
            return -1;
        }
        byte[] blob;
        try {
            blob = Base64.getDecoder().decode(parts[1]);
        } catch (IllegalArgumentException e) {
            return -1;
        }
        if (blob.length != 4 + 8 + 64 || !MessageDigest.isEqual(Arrays.copyOf(blob, 4), key.keyHash())) {
            return -1;
        }
        long time = ByteBuffer.wrap(blob, 4, 8).getLong();
        if (time <= 0) {
            return -1;
        }
        try {
            Signature ed = Signature.getInstance("Ed25519");
            ed.initVerify(key.publicKey());
            ed.update(message(checkpointBody, time));
            return ed.verify(Arrays.copyOfRange(blob, 12, blob.length)) ? time : -1;
        } catch (GeneralSecurityException e) {
            return -1;
        }
    }

    /** The signature lines of a signed note, each with its newline; empty for a note without a blank line. */
    public static List<String> signatureLines(String note) {
        int split = note.lastIndexOf("\n\n");
        if (split < 0) {
            return List.of();
        }
        List<String> lines = new ArrayList<>();
        for (String line : note.substring(split + 2).split("\n")) {
            if (!line.isEmpty()) {
                lines.add(line + "\n");
            }
        }
        return lines;
    }

    /** The body of a signed note (text up to and including the newline before the blank line). */
    public static String body(String note) {
        int split = note.lastIndexOf("\n\n");
        if (split < 0) {
            throw new SignedNote.NoteException("not a signed note: no blank line between text and signatures");
        }
        return note.substring(0, split + 1);
    }

    /** The names of the given witnesses whose cosignature on this note verifies (each counted once). */
    public static Set<String> cosignedBy(String note, List<Key> witnesses) {
        String body = body(note);
        Set<String> names = new LinkedHashSet<>();
        for (String line : signatureLines(note)) {
            for (Key witness : witnesses) {
                if (verify(body, line, witness) > 0) {
                    names.add(witness.encoded());
                }
            }
        }
        return names;
    }

    private static byte[] message(String checkpointBody, long time) {
        return (HEADER + "time " + time + "\n" + checkpointBody).getBytes(StandardCharsets.UTF_8);
    }
}
