package se.samverkan.audit.tlog;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.Signature;
import java.util.Arrays;
import java.util.Base64;

/** C2SP signed notes: body text, a blank line, then lines {@code — <key name> <base64(key hash || signature)>}. */
public final class SignedNote {

    private static final String SIGNATURE_PREFIX = "\u2014 ";

    private SignedNote() {
    }

    public static String sign(String body, NoteKeys.Signer signer) {
        requireBody(body);
        try {
            Signature ed = Signature.getInstance("Ed25519");
            ed.initSign(signer.privateKey());
            ed.update(body.getBytes(StandardCharsets.UTF_8));
            byte[] signature = ed.sign();
            byte[] blob = ByteBuffer.allocate(4 + signature.length).put(signer.keyHash()).put(signature).array();
            return body + "\n" + SIGNATURE_PREFIX + signer.name() + " " + Base64.getEncoder().encodeToString(blob) + "\n";
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("could not sign with Ed25519", e);
        }
    }

    /** Returns the body when a signature line by this key verifies; signatures by other keys are ignored as the spec allows. */
    public static String open(String note, NoteKeys.Verifier verifier) {
        int split = note.lastIndexOf("\n\n");
        if (split < 0 || !note.endsWith("\n")) {
            throw new NoteException("not a signed note: no blank line between text and signatures");
        }
        String body = note.substring(0, split + 1);
        requireBody(body);
        String[] signatureLines = note.substring(split + 2, note.length() - 1).split("\n");
        for (String line : signatureLines) {
            if (!line.startsWith(SIGNATURE_PREFIX)) {
                throw new NoteException("malformed signature line in note");
            }
            String[] parts = line.substring(SIGNATURE_PREFIX.length()).split(" ");
            if (parts.length != 2 || !parts[0].equals(verifier.name())) {
                continue;
            }
            byte[] blob;
            try {
                blob = Base64.getDecoder().decode(parts[1]);
            } catch (IllegalArgumentException e) {
                throw new NoteException("signature is not base64");
            }
            if (blob.length < 5 || !MessageDigest.isEqual(Arrays.copyOf(blob, 4), verifier.keyHash())) {
                continue;
            }
            if (verify(body, Arrays.copyOfRange(blob, 4, blob.length), verifier)) {
                return body;
            }
            throw new NoteException("the signature by " + verifier.name() + " does not verify: the note was altered or signed by another key");
        }
        throw new NoteException("the note carries no signature by key " + verifier.name() + "+" + java.util.HexFormat.of().formatHex(verifier.keyHash()));
    }

    private static boolean verify(String body, byte[] signature, NoteKeys.Verifier verifier) {
        try {
            Signature ed = Signature.getInstance("Ed25519");
            ed.initVerify(verifier.publicKey());
            ed.update(body.getBytes(StandardCharsets.UTF_8));
            return ed.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static void requireBody(String body) {
        if (body.isEmpty() || !body.endsWith("\n") || body.endsWith("\n\n")) {
            throw new NoteException("a note body is non-empty, ends in one newline and has no blank last line");
        }
    }

    public static final class NoteException extends RuntimeException {
        public NoteException(String message) {
            super(message);
        }
    }
}
