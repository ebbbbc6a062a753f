package se.samverkan.audit.verify;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
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
    private static final ProducerKeys PRODUCERS = ProducerKeys.of(ProducerKeys.parse(TestExports.PRODUCER_KEYS));

    @FuzzTest(maxDuration = "5s")
    void anyExportIsJudgedOrRefusedAndAChangedOneNeverPasses(FuzzedDataProvider data) throws IOException {
        boolean fromHonest = data.consumeBoolean();
        String export = fromHonest ? mutate(HONEST, data) : data.consumeRemainingAsString();
        ExportVerifier.Result result;
        try {
            result = ExportVerifier.verify(new BufferedReader(new StringReader(export)),
                    se.samverkan.audit.tlog.NoteKeys.parseVerifier(EXPORTS.key()), PRODUCERS);
        } catch (MalformedExportException refused) {
            return;
        }
        assertThat(result.message()).isNotBlank();
        if (result.ok()) {
            // the entries, their proofs and the signed checkpoint are what an OK vouches for: none of them may differ
            assertThat(result.entries() + " entries, producer-signed " + result.producerSigned())
                    .isEqualTo("5 entries, producer-signed 5");
            assertThat(entryLines(export)).isEqualTo(entryLines(HONEST));
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
