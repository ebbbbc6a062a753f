package se.samverkan.signing;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.spec.EdECPrivateKeySpec;
import java.security.spec.NamedParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Ed25519 event signing keys in the two text forms configuration uses, plain JDK code like {@link SignedEnvelope}:
 * a private key is {@code <key id>:<base64 of the 32-byte seed>}, a public key {@code <key id>:<base64url of the
 * 32-byte key>} (the JWK {@code x}). A key id is {@code <service>/<label>}, e.g. {@code case-service/2026-12}: the
 * service part binds the key to the one producer ({@code /samverkan/<service>}) it may sign for.
 */
public final class EventKeys {

    private static final Pattern KEY_ID = Pattern.compile("([a-z][a-z0-9-]{1,40})/[A-Za-z0-9._-]{1,64}");
    private static final byte[] SPKI_PREFIX = HexFormat.of().parseHex("302a300506032b6570032100");

    private EventKeys() {
    }

    public record SigningKey(String keyId, PrivateKey privateKey, PublicKey publicKey) {

        public String service() {
            return serviceOf(keyId);
        }

        public String publicKeyText() {
            return keyId + ":" + encodePublic(publicKey);
        }
    }

    /** @throws IllegalArgumentException naming what is wrong, never the key material */
    public static SigningKey parseSigningKey(String text) {
        int colon = text == null ? -1 : text.indexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("an event signing key is <service>/<label>:<base64 of a 32-byte Ed25519 seed>");
        }
        String keyId = checkKeyId(text.substring(0, colon).strip());
        byte[] seed;
        try {
            seed = Base64.getDecoder().decode(text.substring(colon + 1).strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the event signing key " + keyId + " is not base64");
        }
        if (seed.length != 32) {
            throw new IllegalArgumentException("the event signing key " + keyId + " must be 32 bytes, not " + seed.length);
        }
        return fromSeed(keyId, seed);
    }

    /** A fresh key from a secure random source, as {@code <key id>:<base64 seed>}. */
    public static String generateSigningKey(String keyId) {
        byte[] seed = new byte[32];
        new SecureRandom().nextBytes(seed);
        return checkKeyId(keyId) + ":" + Base64.getEncoder().encodeToString(seed);
    }

    /** {@code id:key,id:key} of public keys, in the order given. */
    public static Map<String, PublicKey> parsePublicKeys(String text) {
        Map<String, PublicKey> keys = new LinkedHashMap<>();
        if (text == null || text.isBlank()) {
            return keys;
        }
        for (String entry : text.split(",")) {
            if (entry.isBlank()) {
                continue;
            }
            int colon = entry.indexOf(':');
            if (colon < 0) {
                throw new IllegalArgumentException("a trusted event key is <service>/<label>:<base64url of the 32-byte Ed25519 public key>, not "
                        + entry.strip());
            }
            String keyId = checkKeyId(entry.substring(0, colon).strip());
            if (keys.put(keyId, decodePublic(keyId, entry.substring(colon + 1).strip())) != null) {
                throw new IllegalArgumentException("the event key " + keyId + " is listed twice");
            }
        }
        return keys;
    }

    public static String encodePublic(PublicKey key) {
        byte[] encoded = key.getEncoded();
        return Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOfRange(encoded, encoded.length - 32, encoded.length));
    }

    public static PublicKey decodePublic(String keyId, String base64Url) {
        byte[] raw;
        try {
            raw = Base64.getUrlDecoder().decode(base64Url);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the public event key " + keyId + " is not base64url");
        }
        if (raw.length != 32) {
            throw new IllegalArgumentException("the public event key " + keyId + " must be 32 bytes, not " + raw.length);
        }
        byte[] spki = Arrays.copyOf(SPKI_PREFIX, SPKI_PREFIX.length + 32);
        System.arraycopy(raw, 0, spki, SPKI_PREFIX.length, 32);
        try {
            return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(spki));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("the public event key " + keyId + " is not an Ed25519 key");
        }
    }

    public static String serviceOf(String keyId) {
        return checkKeyId(keyId).substring(0, keyId.indexOf('/'));
    }

    public static boolean isKeyId(String keyId) {
        return keyId != null && KEY_ID.matcher(keyId).matches();
    }

    static String checkKeyId(String keyId) {
        if (!isKeyId(keyId)) {
            throw new IllegalArgumentException("an event key id is <service>/<label> (letters, digits, . _ -), e.g."
                    + " case-service/2026-12; not " + (keyId == null ? "nothing" : "'" + keyId + "'"));
        }
        return keyId;
    }

    private static SigningKey fromSeed(String keyId, byte[] seed) {
        try {
            PrivateKey privateKey = KeyFactory.getInstance("Ed25519")
                    .generatePrivate(new EdECPrivateKeySpec(NamedParameterSpec.ED25519, seed.clone()));
            // the JDK derives an Ed25519 key pair from the 32 bytes its random source yields: hand it the seed
            KeyPairGenerator generator = KeyPairGenerator.getInstance("Ed25519");
            generator.initialize(NamedParameterSpec.ED25519, new SecureRandom() {
                @Override
                public void nextBytes(byte[] out) {
                    System.arraycopy(seed, 0, out, 0, Math.min(seed.length, out.length));
                }
            });
            return new SigningKey(keyId, privateKey, generator.generateKeyPair().getPublic());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 is part of every JDK 21+", e);
        }
    }
}
