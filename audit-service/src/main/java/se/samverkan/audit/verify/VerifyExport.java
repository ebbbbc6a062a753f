package se.samverkan.audit.verify;

import se.samverkan.audit.tlog.NoteKeys;

import java.io.BufferedReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Offline check of an audit export:
 * {@code java -cp audit-service/target/classes se.samverkan.audit.verify.VerifyExport export.jsonl --key <verifier key>}
 * (or {@code --key-file <file>}). Exit 0 when everything matches, 1 naming the first entry that does not, 2 on misuse.
 */
public final class VerifyExport {

    private VerifyExport() {
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    static int run(String[] args) {
        String file = null;
        String key = null;
        try {
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--key" -> key = args[++i];
                    case "--key-file" -> key = Files.readString(Path.of(args[++i])).trim();
                    default -> file = args[i];
                }
            }
        } catch (ArrayIndexOutOfBoundsException | java.io.IOException e) {
            key = null;
        }
        if (file == null || key == null) {
            System.err.println("usage: VerifyExport <export.jsonl> --key <name+hash+base64key> | --key-file <file>");
            return 2;
        }
        try (BufferedReader lines = Files.newBufferedReader(Path.of(file), StandardCharsets.UTF_8)) {
            ExportVerifier.Result result = ExportVerifier.verify(lines, NoteKeys.parseVerifier(key));
            System.out.println(result.message());
            return result.ok() ? 0 : 1;
        } catch (Exception e) {
            System.out.println("FAIL: cannot read the export: " + e.getMessage());
            return 1;
        }
    }
}
