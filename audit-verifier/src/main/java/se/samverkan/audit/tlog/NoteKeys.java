package se.samverkan.audit.tlog;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.spec.NamedParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Ed25519 keys in the C2SP signed-note text forms: verifier key {@code <name>+<hash>+<base64(0x01 || public key)>}
 * and signer key {@code PRIVATE+KEY+<name>+<hash>+<base64(0x01 || seed)>}, where hash is the first four bytes of
 * SHA-256(name || 0x0A || 0x01 || public key) in hex.
 */
public final class NoteKeys {

    static final byte ALG_ED25519 = 0x01;
    private static final byte[] PKCS8_PREFIX = HexFormat.of().parseHex("302e020100300506032b657004220420");
    private static final byte[] X509_PREFIX = HexFormat.of().parseHex("302a300506032b6570032100");

    public record Verifier(String name, byte[] keyHash, PublicKey publicKey, byte[] rawPublicKey) {

        public String encoded() {
            return name + "+" + HexFormat.of().formatHex(keyHash) + "+" + base64(ALG_ED25519, rawPublicKey);
        }
    }

    public record Signer(String name, byte[] keyHash, PrivateKey privateKey, Verifier verifier) {
    }

    private NoteKeys() {
    }

    public static Verifier parseVerifier(String text) {
        String[] parts = text.trim().split("\\+", 3);
        if (parts.length != 3) {
            throw new IllegalArgumentException("a verifier key looks like <name>+<8 hex digits>+<base64 key>");
        }
        byte[] key = Base64.getDecoder().decode(parts[2]);
        if (key.length != 33 || key[0] != ALG_ED25519) {
            throw new IllegalArgumentException("only Ed25519 verifier keys (algorithm byte 0x01, 32-byte key) are supported");
        }
        byte[] raw = Arrays.copyOfRange(key, 1, 33);
        Verifier verifier = verifier(parts[0], raw);
        if (!HexFormat.of().formatHex(verifier.keyHash()).equals(parts[1].toLowerCase())) {
            throw new IllegalArgumentException("verifier key hash " + parts[1] + " does not match its name and key");
        }
        return verifier;
    }

    public static Signer parseSigner(String text) {
        String[] parts = text.trim().split("\\+", 5);
        if (parts.length != 5 || !parts[0].equals("PRIVATE") || !parts[1].equals("KEY")) {
            throw new IllegalArgumentException("a signer key looks like PRIVATE+KEY+<name>+<8 hex digits>+<base64 seed>");
        }
        byte[] key = Base64.getDecoder().decode(parts[4]);
        if (key.length != 33 || key[0] != ALG_ED25519) {
            throw new IllegalArgumentException("only Ed25519 signer keys (algorithm byte 0x01, 32-byte seed) are supported");
        }
        Signer signer = fromSeed(parts[2], Arrays.copyOfRange(key, 1, 33));
        if (!HexFormat.of().formatHex(signer.keyHash()).equals(parts[3].toLowerCase())) {
            throw new IllegalArgumentException("signer key hash " + parts[3] + " does not match its name and key");
        }
        return signer;
    }

    public static String generateSigner(String name) {
        byte[] seed = new byte[32];
        new SecureRandom().nextBytes(seed);
        return "PRIVATE+KEY+" + name + "+" + HexFormat.of().formatHex(fromSeed(name, seed).keyHash()) + "+" + base64(ALG_ED25519, seed);
    }

    public static Signer fromSeed(String name, byte[] seed) {
        checkName(name);
        try {
            // The JDK derives an Ed25519 key pair from the 32 bytes its random source yields: feed it the seed.
            KeyPairGenerator generator = KeyPairGenerator.getInstance("Ed25519");
            generator.initialize(NamedParameterSpec.ED25519, new FixedBytes(seed));
            KeyPair pair = generator.generateKeyPair();
            PrivateKey privateKey = KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(concat(PKCS8_PREFIX, seed)));
            byte[] encoded = pair.getPublic().getEncoded();
            byte[] raw = Arrays.copyOfRange(encoded, encoded.length - 32, encoded.length);
            Verifier verifier = verifier(name, raw);
            return new Signer(name, verifier.keyHash(), privateKey, verifier);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 is not available in this JDK", e);
        }
    }

    static Verifier verifier(String name, byte[] rawPublicKey) {
        checkName(name);
        return new Verifier(name, keyHash(name, ALG_ED25519, rawPublicKey), publicKey(rawPublicKey), rawPublicKey.clone());
    }

    /** The 4-byte key id: SHA-256(name || 0x0A || algorithm byte || public key)[:4]. */
    static byte[] keyHash(String name, byte algorithm, byte[] rawPublicKey) {
        MessageDigest sha = Rfc6962.sha256();
        sha.update(name.getBytes(StandardCharsets.UTF_8));
        sha.update((byte) 0x0A);
        sha.update(algorithm);
        sha.update(rawPublicKey);
        return Arrays.copyOf(sha.digest(), 4);
    }

    static PublicKey publicKey(byte[] rawPublicKey) {
        try {
            return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(concat(X509_PREFIX, rawPublicKey)));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("not an Ed25519 public key", e);
        }
    }

    /** The private key and raw public key of an Ed25519 seed. */
    static Object[] keyPair(byte[] seed) {
        try {
            // The JDK derives an Ed25519 key pair from the 32 bytes its random source yields: feed it the seed.
            KeyPairGenerator generator = KeyPairGenerator.getInstance("Ed25519");
            generator.initialize(NamedParameterSpec.ED25519, new FixedBytes(seed));
            KeyPair pair = generator.generateKeyPair();
            PrivateKey privateKey = KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(concat(PKCS8_PREFIX, seed)));
            byte[] encoded = pair.getPublic().getEncoded();
            return new Object[]{privateKey, Arrays.copyOfRange(encoded, encoded.length - 32, encoded.length)};
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 is not available in this JDK", e);
        }
    }

    static void checkName(String name) {
        if (name.isEmpty() || name.chars().anyMatch(c -> c == '+' || Character.isWhitespace(c) || Character.isISOControl(c))) {
            throw new IllegalArgumentException("a key name is non-empty and has no '+', spaces or control characters");
        }
    }

    static String base64(byte first, byte[] rest) {
        return Base64.getEncoder().encodeToString(concat(new byte[]{first}, rest));
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static final class FixedBytes extends SecureRandom {
        private final byte[] bytes;

        FixedBytes(byte[] bytes) {
            this.bytes = bytes.clone();
        }

        @Override
        public void nextBytes(byte[] out) {
            System.arraycopy(bytes, 0, out, 0, Math.min(bytes.length, out.length));
        }
    }
}
