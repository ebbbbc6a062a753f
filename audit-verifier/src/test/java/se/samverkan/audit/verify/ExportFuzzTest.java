package se.samverkan.audit.verify;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.InputStreamReader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Whatever file a compliance officer is handed, the offline verifier answers OK or FAIL, or refuses it as malformed;
 * it never dies of an unexpected exception, and an export changed anywhere a proof covers never passes. Fuzzed
 * briefly in every build ({@code fuzz} execution, {@code -Dfuzz.duration=10m} for longer), starting from an honest
 * export and from raw text.
 */
class ExportFuzzTest {

    private static final TestExports EXPORTS = new TestExports(Path.of("target"));
    private static final String HONEST = String.join("\n", EXPORTS.lines(TestExports.entries(6), Set.of(2))) + "\n";
    private static final se.samverkan.audit.tlog.NoteKeys.Verifier KEY = se.samverkan.audit.tlog.NoteKeys.parseVerifier(EXPORTS.key());
    private static final ProducerKeys PRODUCERS = ProducerKeys.of(ProducerKeys.parse(TestExports.PRODUCER_KEYS));

    /**
     * Also: the command line reads the file's bytes ({@link LineSource}), the services' tests read text, and any
     * bytes get one answer either way, the same message or the same refusal (bytes that are not UTF-8 are refused as
     * such, never replaced). One fuzz test, since Jazzer fuzzes one per JVM.
     */
    @FuzzTest(maxDuration = "5s")
    void anyExportIsJudgedOrRefusedAndAChangedOneNeverPasses(FuzzedDataProvider data) {
        byte[] export = switch (data.consumeInt(0, 2)) {
            case 0 -> mutate(HONEST, data).getBytes(StandardCharsets.UTF_8);
            case 1 -> data.consumeRemainingAsString().getBytes(StandardCharsets.UTF_8);
            default -> data.consumeRemainingAsBytes();
        };
        Outcome fromBytes = outcome(() -> ExportVerifier.verify(new ByteArrayInputStream(export), KEY, PRODUCERS, Anchors.NONE));
        int firstBadLine = firstLineThatIsNotUtf8(export);
        if (firstBadLine < 0) {
            assertThat(fromBytes).isEqualTo(fromText(export));
        } else {
            // a reader decodes ahead of the line it returns, so it may refuse the file at an earlier line than the
            // one that holds the bad bytes; the bytes are refused exactly there: as the text before that line is
            // judged, or as not UTF-8 if the verifier reached it
            Outcome before = fromText(java.util.Arrays.copyOf(export, firstBadLine));
            if (!fromBytes.equals(before)) {
                assertThat(fromBytes.said()).as("instead of %s", before).isEqualTo("not UTF-8");
                assertThat(before.result() == null || !before.result().ok()).as("the lines before the bad ones pass on their own: %s", before).isTrue();
            }
        }
        ExportVerifier.Result result = fromBytes.result();
        if (result == null) {
            return; // refused as malformed, or not UTF-8
        }
        assertThat(result.message()).isNotBlank();
        if (result.ok()) {
            // the entries, their proofs and the signed checkpoint are what an OK vouches for: none of them may differ
            assertThat(result.entries() + " entries, producer-signed " + result.producerSigned())
                    .isEqualTo("5 entries, producer-signed 5");
            assertThat(entryLines(new String(export, StandardCharsets.UTF_8))).isEqualTo(entryLines(HONEST));
        }
    }

    private static Outcome fromText(byte[] export) {
        return outcome(() -> ExportVerifier.verify(new BufferedReader(new InputStreamReader(new ByteArrayInputStream(export),
                StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT))), KEY, PRODUCERS, Anchors.NONE));
    }

    /** Where the first line (ended by \n or \r) holding bytes that are not UTF-8 starts, or -1. */
    private static int firstLineThatIsNotUtf8(byte[] bytes) {
        int start = 0;
        for (int i = 0; i <= bytes.length; i++) {
            if (i == bytes.length || bytes[i] == '\n' || bytes[i] == '\r') {
                try {
                    StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                            .onUnmappableCharacter(CodingErrorAction.REPORT).decode(java.nio.ByteBuffer.wrap(bytes, start, i - start));
                } catch (CharacterCodingException e) {
                    return start;
                }
                start = i + 1;
            }
        }
        return -1;
    }

    private interface Verification {
        ExportVerifier.Result run() throws IOException;
    }

    /** A result, or why there is none; equal when the message or the refusal is. */
    private record Outcome(ExportVerifier.Result result, String said) {
    }

    private static Outcome outcome(Verification verification) {
        try {
            ExportVerifier.Result result = verification.run();
            return new Outcome(result, result.ok() + " " + result.message());
        } catch (MalformedExportException refused) {
            return new Outcome(null, "malformed: " + refused.getMessage());
        } catch (CharacterCodingException notUtf8) {
            return new Outcome(null, "not UTF-8");
        } catch (IOException e) {
            throw new AssertionError("reading from memory failed", e);
        }
    }

    /** One to four edits: a character replaced, inserted or removed, somewhere in the honest export. */
    private static String mutate(String honest, FuzzedDataProvider data) {
        StringBuilder text = new StringBuilder(honest);
        int edits = data.consumeInt(1, 4);
        for (int i = 0; i < edits && !text.isEmpty(); i++) {
            int at = data.consumeInt(0, text.length() - 1);
            switch (data.consumeInt(0, 2)) {
                case 0 -> text.setCharAt(at, data.consumeChar());
                case 1 -> text.insert(at, data.consumeChar());
                default -> text.deleteCharAt(at);
            }
        }
        return text.toString();
    }

    /** The decoded entry bytes and leaf hashes, in order: what the proofs cover (not how base64 spelled them). */
    private static String entryLines(String export) {
        StringBuilder covered = new StringBuilder();
        for (String line : export.split("\n")) {
            try {
                Line parsed = Line.of(line, 0);
                String kind = parsed.optionalString("kind");
                if ("entry".equals(kind)) {
                    covered.append(java.util.Arrays.toString(parsed.base64("entry"))).append('\n');
                } else if ("omitted".equals(kind)) {
                    covered.append(java.util.Arrays.toString(parsed.base64("leafHash"))).append('\n');
                }
            } catch (RuntimeException notALine) {
                // a line that is not JSON cannot have passed either
            }
        }
        return covered.toString();
    }
}
