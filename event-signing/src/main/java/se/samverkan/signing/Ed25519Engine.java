package se.samverkan.signing;

import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.EdECPrivateKey;
import java.util.Arrays;

/**
 * Ed25519 signing and verification. Ed25519 is deterministic, so every engine gives the same signature: services
 * use Bouncy Castle's RFC 8032 code (about 60 µs to sign, 90 µs to verify here, against 500 µs for the JDK's), and
 * the offline verifier, run with nothing but its own classes, falls back to the JDK.
 */
abstract class Ed25519Engine {

    static final Ed25519Engine INSTANCE = choose();

    abstract byte[] sign(PrivateKey key, byte[] message);

    abstract boolean verify(PublicKey key, byte[] message, byte[] signature);

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

        @Override
        byte[] sign(PrivateKey key, byte[] message) {
            byte[] seed = seed(key);
            byte[] signature = new byte[org.bouncycastle.math.ec.rfc8032.Ed25519.SIGNATURE_SIZE];
            org.bouncycastle.math.ec.rfc8032.Ed25519.sign(seed, 0, message, 0, message.length, signature, 0);
            Arrays.fill(seed, (byte) 0);
            return signature;
        }

        @Override
        boolean verify(PublicKey key, byte[] message, byte[] signature) {
            if (signature.length != org.bouncycastle.math.ec.rfc8032.Ed25519.SIGNATURE_SIZE) {
                return false;
            }
            return org.bouncycastle.math.ec.rfc8032.Ed25519.verify(signature, 0, raw(key), 0, message, 0, message.length);
        }
    }
}
