package se.samverkan.audit.verify;

import se.samverkan.audit.tlog.Checkpoint;
import se.samverkan.audit.tlog.Cosignatures;
import se.samverkan.audit.tlog.NoteKeys;
import se.samverkan.audit.tlog.SignedNote;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Offline check of an audit export, on a bare JDK with nothing but this module's runnable jar:
 * <pre>java -jar audit-verifier.jar export.jsonl \
 *      --key &lt;verifier key&gt; --producer-keys &lt;id:base64url,... | keys.json&gt; [--producer-keys ...]</pre>
 * {@code --key-file <file>} reads the checkpoint key from a file; {@code --producer-keys} takes the text form or a file
 * holding it or a service's {@code GET /api/event-signing-keys} JSON, and may be repeated. Producer signatures are
 * always checked unless {@code --no-producer-signatures} says otherwise; {@code --accept-unsigned-below <leaf index>}
 * accepts entries without a producer signature below that index (a log begun before producers signed) and counts
 * them apart. {@code --witness <key>} (repeatable) with {@code --witnesses-required k} (all given by default) accepts
 * the checkpoint only when k of the witnesses cosigned one it is consistent with; {@code --trusted-checkpoint <file>}
 * (a signed checkpoint kept from earlier) must be a prefix of the export's. Exit 0 when everything matches, 1 when something does not (naming it), 2 on misuse.
 */
public final class VerifyExport {

    private static final String USAGE = """
            usage: java -jar audit-verifier.jar <export.jsonl> (--key <name+hash+base64key> | --key-file <file>)
                     (--producer-keys <service/label:base64url,... | file with those or a JWK set> ... | --no-producer-signatures)
                     [--accept-unsigned-below <leaf index>]
                     [--witness <name+hash+base64key | file> ... [--witnesses-required <k>]] [--trusted-checkpoint <file>]
            exit 0: everything verified; 1: something does not match (named) or the export is malformed; 2: misuse""";

    private VerifyExport() {
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    private static boolean isFile(String value) {
        try {
            return Files.isRegularFile(Path.of(value));
        } catch (java.nio.file.InvalidPathException e) {
            return false;
        }
    }

    private static Cosignatures.Key parseWitness(String text) {
        try {
            return Cosignatures.parseKey(text.trim());
        } catch (RuntimeException e) {
            throw new WitnessKeyException(e.getMessage());
        }
    }

    private static final class WitnessKeyException extends RuntimeException {
        WitnessKeyException(String message) {
            super(message);
        }
    }

    /** @return the exit code: 0 verified, 1 something does not match (or cannot be read), 2 misuse */
    public static int run(String[] args) {
        String file = null;
        String key = null;
        Map<String, PublicKey> producerKeys = new LinkedHashMap<>();
        boolean skipProducers = false;
        Long acceptUnsignedBelow = null;
        List<Cosignatures.Key> witnesses = new ArrayList<>();
        Integer required = null;
        String trustedFile = null;
        try {
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--key" -> key = args[++i];
                    case "--key-file" -> key = Files.readString(Path.of(args[++i])).trim();
                    case "--producer-keys" -> {
                        String value = args[++i];
                        String keys = !value.startsWith("{") && isFile(value) ? Files.readString(Path.of(value)) : value;
                        for (Map.Entry<String, PublicKey> entry : ProducerKeys.parse(keys).entrySet()) {
                            if (producerKeys.put(entry.getKey(), entry.getValue()) != null) {
                                throw new IllegalArgumentException("the producer key " + entry.getKey() + " is given twice");
                            }
                        }
                    }
                    case "--no-producer-signatures" -> skipProducers = true;
                    case "--accept-unsigned-below" -> acceptUnsignedBelow = Long.parseLong(args[++i]);
                    case "--witness" -> {
                        String value = args[++i];
                        String text = isFile(value) ? Files.readString(Path.of(value)) : value;
                        for (String line : text.split("[\\n,]")) {
                            if (!line.isBlank()) {
                                witnesses.add(parseWitness(line));
                            }
                        }
                    }
                    case "--witnesses-required" -> required = Integer.parseInt(args[++i]);
                    case "--trusted-checkpoint" -> trustedFile = args[++i];
                    default -> file = args[i];
                }
            }
        } catch (ArrayIndexOutOfBoundsException | IOException | NumberFormatException e) {
            key = null;
        } catch (WitnessKeyException e) {
            System.err.println("--witness: " + e.getMessage());
            return 2;
        } catch (IllegalArgumentException e) {
            System.err.println("--producer-keys: " + e.getMessage());
            return 2;
        }
        if (required != null && (required < 1 || required > witnesses.size())) {
            System.err.println("--witnesses-required must lie between 1 and the number of --witness keys (" + witnesses.size() + ")");
            return 2;
        }
        if (file == null || key == null || producerKeys.isEmpty() == !skipProducers
                || (acceptUnsignedBelow != null && (skipProducers || acceptUnsignedBelow < 0))) {
            System.err.println(USAGE);
            return 2;
        }
        ProducerKeys producers = skipProducers ? ProducerKeys.NOT_CHECKED : ProducerKeys.of(producerKeys);
        if (acceptUnsignedBelow != null) {
            producers = producers.acceptingUnsignedBelow(acceptUnsignedBelow);
        }
        NoteKeys.Verifier logKey;
        Checkpoint trusted = null;
        try {
            logKey = NoteKeys.parseVerifier(key);
            if (trustedFile != null) {
                trusted = Checkpoint.parse(SignedNote.open(Files.readString(Path.of(trustedFile)), logKey));
            }
        } catch (IOException | RuntimeException e) {
            System.err.println((trustedFile != null ? "--trusted-checkpoint " + trustedFile + ": " : "--key: ") + e.getMessage());
            return 2;
        }
        // with witnesses and no k given, every given witness must have cosigned
        Anchors anchors = new Anchors(witnesses, required == null ? witnesses.size() : required, trusted);
        try (InputStream export = Files.newInputStream(Path.of(file))) {
            ExportVerifier.Result result = ExportVerifier.verify(export, logKey, producers, anchors);
            System.out.println(result.message());
            return result.ok() ? 0 : 1;
        } catch (MalformedExportException e) {
            System.out.println("FAIL: the export is malformed: " + e.getMessage());
            return 1;
        } catch (CharacterCodingException e) {
            System.out.println("FAIL: the export is malformed: it is not UTF-8 text");
            return 1;
        } catch (LineSource.LineTooLongException e) {
            System.out.println("FAIL: the export is malformed: " + e.getMessage());
            return 1;
        } catch (NoSuchFileException e) {
            System.out.println("FAIL: no such file: " + file);
            return 1;
        } catch (Exception e) {
            System.out.println("FAIL: cannot read the export: " + e);
            return 1;
        } catch (OutOfMemoryError e) {
            // a verdict, not a stack trace: the read-ahead is bounded, so only very long lines or a tiny heap get here
            System.out.println("FAIL: the export could not be checked within this JVM's heap (at most "
                    + (Runtime.getRuntime().maxMemory() >> 20) + " MB): it holds lines far longer than the service writes, "
                    + "or the heap is too small; run java with a larger -Xmx");
            return 1;
        }
    }
}
