package se.samverkan.audit.verify;

import se.samverkan.audit.tlog.Cosignatures;
import se.samverkan.audit.tlog.NoteKeys;

/**
 * Prints a fresh Ed25519 checkpoint key pair in note format:
 * {@code java -cp audit-verifier/target/audit-verifier.jar se.samverkan.audit.verify.GenerateSigningKey <key name>}.
 * The first line goes into SAMVERKAN_AUDIT_SIGNING_KEY (a secret), the second is what verifiers are given. With
 * {@code --witness} it prints a witness cosigning key pair instead (SAMVERKAN_AUDIT_WITNESS_KEY, and the witness key
 * that logs and verifiers are given).
 */
public final class GenerateSigningKey {

    private GenerateSigningKey() {
    }

    public static void main(String[] args) {
        if (args.length == 2 && args[0].equals("--witness")) {
            // a witness's cosigning key (C2SP cosignature/v1, algorithm byte 0x04): SAMVERKAN_AUDIT_WITNESS_KEY
            String cosigner = Cosignatures.generateCosigner(args[1]);
            System.out.println(cosigner);
            System.out.println(Cosignatures.parseCosigner(cosigner).key().encoded());
            return;
        }
        if (args.length != 1) {
            System.err.println("usage: GenerateSigningKey [--witness] <key name, e.g. samverkan.haninge.se-audit-2026>");
            System.exit(2);
        }
        String signer = NoteKeys.generateSigner(args[0]);
        System.out.println(signer);
        System.out.println(NoteKeys.parseSigner(signer).verifier().encoded());
    }
}
