package se.samverkan.signing;

import org.bouncycastle.math.ec.rfc8032.Ed25519;

import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.EdECPrivateKey;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Ed25519 signing and verification. Ed25519 is deterministic, so every engine gives the same signature: services
 * use Bouncy Castle's RFC 8032 code (about 40 µs to sign, 75 µs to verify here, against 500 µs for the JDK's), and
 * the offline verifier, run with nothing but its own classes, falls back to the JDK.
 */
abstract class Ed25519Engine {

    static final Ed25519Engine INSTANCE = choose();

    abstract byte[] sign(PrivateKey key, byte[] message);

    abstract boolean verify(PublicKey key, byte[] message, byte[] signature);

    /** Whose code it is, and from where: an auditor should know what she trusted. */
    abstract String description();

    static String name() {
        return INSTANCE.getClass().getSimpleName();
    }

    private static Ed25519Engine choose() {
        try {
            Class.forName("org.bouncycastle.math.ec.rfc8032.Ed25519", false, Ed25519Engine.class.getClassLoader());
            return new BouncyCastle();
        } catch (ClassNotFoundException | LinkageError e) {
            return new Jdk();
        }
    }

    static byte[] seed(PrivateKey key) {
        if (key instanceof EdECPrivateKey edec && edec.getBytes().isPresent()) {
            return edec.getBytes().get();
        }
        throw new IllegalArgumentException("not an Ed25519 private key");
    }

    static byte[] raw(PublicKey key) {
        byte[] encoded = key.getEncoded();
        return Arrays.copyOfRange(encoded, encoded.length - 32, encoded.length);
    }

    static final class Jdk extends Ed25519Engine {

        @Override
        String description() {
            try {
                return "the JDK's (" + Signature.getInstance("Ed25519").getProvider().getName() + ")";
            } catch (GeneralSecurityException e) {
                return "the JDK's";
            }
        }

        @Override
        byte[] sign(PrivateKey key, byte[] message) {
            try {
                Signature signer = Signature.getInstance("Ed25519");
                signer.initSign(key);
                signer.update(message);
                return signer.sign();
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("could not sign with Ed25519 key", e);
            }
        }

        @Override
        boolean verify(PublicKey key, byte[] message, byte[] signature) {
            try {
                Signature verifier = Signature.getInstance("Ed25519");
                verifier.initVerify(key);
                verifier.update(message);
                return verifier.verify(signature);
            } catch (GeneralSecurityException e) {
                return false;
            }
        }
    }

    static final class BouncyCastle extends Ed25519Engine {

        private static final int MAX_POINTS = 256;

        /** A key's public half, derived once: BC's seed-only {@code sign} derives it on every call (40 % of a signature). */
        private record Derived(PrivateKey key, byte[] publicKey) {
        }

        // a service signs with one key all its life, so one entry compared by identity always hits
        private volatile Derived lastSigning;
        // the public keys are the trusted keys of a configuration, a handful; decoding one costs a square root a call
        private final Map<PublicKey, Ed25519.PublicPoint> points = new ConcurrentHashMap<>();

        private volatile String description;

        /**
         * Names the jar the code came from and its SHA-256: a file's name proves nothing, its hash can be compared with
         * the one the publisher gives.
         */
        @Override
        String description() {
            String known = description;
            if (known == null) {
                known = "Bouncy Castle's" + origin();
                description = known;
            }
            return known;
        }

        private static String origin() {
            try {
                var source = Ed25519.class.getProtectionDomain().getCodeSource();
                if (source == null || source.getLocation() == null) {
                    return "";
                }
                java.nio.file.Path path = java.nio.file.Path.of(source.getLocation().toURI());
                if (!java.nio.file.Files.isRegularFile(path)) {
                    return " (" + path + ")";
                }
                java.security.MessageDigest sha256 = java.security.MessageDigest.getInstance("SHA-256");
                try (var in = new java.security.DigestInputStream(java.nio.file.Files.newInputStream(path), sha256)) {
                    in.transferTo(java.io.OutputStream.nullOutputStream());
                }
                return " (" + path.getFileName() + ", SHA-256 " + java.util.HexFormat.of().formatHex(sha256.digest()) + ")";
            } catch (java.io.IOException | java.net.URISyntaxException | GeneralSecurityException | RuntimeException e) {
                // a location no file system here can read (a jar nested in another): say so, never fail a verdict
                return " (from a location it cannot read back: " + e.getClass().getSimpleName() + ")";
            }
        }

        @Override
        byte[] sign(PrivateKey key, byte[] message) {
            byte[] seed = seed(key);
            try {
                Derived derived = lastSigning;
                if (derived == null || derived.key() != key) {
                    // derived here from the seed itself, never taken from configuration: a signature made with a
                    // public key that is not the seed's would give the private key away
                    byte[] publicKey = new byte[Ed25519.PUBLIC_KEY_SIZE];
                    Ed25519.generatePublicKey(seed, 0, publicKey, 0);
                    derived = new Derived(key, publicKey);
                    lastSigning = derived;
                }
                byte[] signature = new byte[Ed25519.SIGNATURE_SIZE];
                Ed25519.sign(seed, 0, derived.publicKey(), 0, message, 0, message.length, signature, 0);
                return signature;
            } finally {
                Arrays.fill(seed, (byte) 0);
            }
        }

        @Override
        boolean verify(PublicKey key, byte[] message, byte[] signature) {
            if (signature.length != Ed25519.SIGNATURE_SIZE) {
                return false;
            }
            Ed25519.PublicPoint point = points.get(key);
            if (point == null) {
                // fully validated once (on the curve, not of small order); an invalid key verifies nothing
                point = Ed25519.validatePublicKeyFullExport(raw(key), 0);
                if (point == null) {
                    return false;
                }
                if (points.size() >= MAX_POINTS) {
                    points.clear();
                }
                points.put(key, point);
            }
            return Ed25519.verify(signature, 0, point, message, 0, message.length);
        }
    }
}
