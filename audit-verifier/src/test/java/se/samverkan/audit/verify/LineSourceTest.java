package se.samverkan.audit.verify;

import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** The bytes of a file split into lines exactly as a strict UTF-8 {@link BufferedReader} splits and decodes them. */
class LineSourceTest {

    @Test
    void lineEndsAsAReaderSeesThem() throws Exception {
        for (String text : List.of("", "a", "a\n", "a\nb", "a\r\nb\r\n", "a\rb\r", "\n\n\r\r\n", "a\r\r\nb", "\r", "\r\n",
                "é\u00e5\u4e2d\ud83d\ude00\nx", "{\"kind\":\"end\"}\n", "\uFFFD\n",
                // lines longer than the 64 KiB buffer, ending in one, two or no line end
                "a".repeat(200_000) + "\r\nb", "\u00e5".repeat(70_000) + "\r" + "c".repeat(65_536) + "\n", "d".repeat(65_535) + "\r")) {
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            assertThat(lines(LineSource.of(new ByteArrayInputStream(bytes)))).as("%s", text.replace("\r", "\\r").replace("\n", "\\n"))
                    .isEqualTo(readerLines(bytes));
        }
    }

    /** Random lines of every kind of end, at every place a read may stop: a stream that hands out a few bytes a time. */
    @Test
    void randomTextReadInPieces() throws Exception {
        Random random = new Random(42);
        String[] pieces = {"\n", "\r", "\r\n", "x", "abc", "\u00e5", "\ud83d\ude00", "\"end\"", " "};
        for (int round = 0; round < 110; round++) {
            StringBuilder text = new StringBuilder();
            int length = random.nextInt(round < 100 ? 50 : 150_000);
            while (text.length() < length) {
                text.append(pieces[random.nextInt(pieces.length)]);
            }
            byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
            int most = 1 + random.nextInt(round % 2 == 0 ? 7 : 100_000);
            assertThat(lines(LineSource.of(trickling(bytes, most, random)))).as("round %d", round).isEqualTo(readerLines(bytes));
        }
    }

    @Test
    void bytesThatAreNotUtf8AreRefusedAtTheirLineNotReplaced() throws Exception {
        byte[] bytes = {'o', 'k', '\n', (byte) 0xC3, (byte) 0x28, '\n', 'n', 'e', 'x', 't', '\n'};
        LineSource source = LineSource.of(new ByteArrayInputStream(bytes));
        assertThat(source.readLine()).isEqualTo("ok");
        LineSource.RawLine bad = source.read();
        // the failure is the reader's own, so a message built from it names the same thing either way
        String readerFailure;
        try (BufferedReader reader = strictReader(new byte[]{(byte) 0xC3, (byte) 0x28})) {
            reader.readLine();
            throw new AssertionError("the reader accepted invalid UTF-8");
        } catch (java.nio.charset.MalformedInputException e) {
            readerFailure = e.getClass().getName() + ": " + e.getMessage();
        }
        try {
            bad.text();
            throw new AssertionError("invalid UTF-8 was decoded");
        } catch (java.nio.charset.MalformedInputException e) {
            assertThat(e.getClass().getName() + ": " + e.getMessage()).isEqualTo(readerFailure);
        }
        assertThat(source.readLine()).isEqualTo("next");
        assertThat(source.read()).isNull();
        // overlong and truncated sequences, and a genuine U+FFFD beside a bad byte
        for (byte[] refused : new byte[][]{{(byte) 0xC0, (byte) 0xAF}, {(byte) 0xE2, (byte) 0x82}, {(byte) 0xEF, (byte) 0xBF, (byte) 0xBD, (byte) 0xFF}}) {
            LineSource.RawLine line = LineSource.of(new ByteArrayInputStream(refused)).read();
            try {
                line.text();
                throw new AssertionError("invalid UTF-8 was decoded");
            } catch (java.nio.charset.CharacterCodingException expected) {
                // refused
            }
        }
    }

    @Test
    void aLineLongerThanTheBoundIsRefusedBeforeItFillsMemory() throws Exception {
        byte[] bytes = ("x".repeat(100) + "\n" + "y".repeat(101) + "\n").getBytes(StandardCharsets.US_ASCII);
        LineSource source = LineSource.of(trickling(bytes, 7, new Random(1)), 100);
        assertThat(source.readLine()).isEqualTo("x".repeat(100));
        try {
            source.read();
            throw new AssertionError("a line of 101 bytes passed a bound of 100");
        } catch (LineSource.LineTooLongException e) {
            assertThat(e.getMessage()).isEqualTo("line 2 is longer than 100 bytes, far beyond any line the service writes");
        }
        // an endless line without a line end: refused once the bound is passed, not read to the end
        InputStream endless = new InputStream() {
            long served;

            @Override
            public int read() {
                served++;
                return 'z';
            }

            @Override
            public int read(byte[] b, int off, int len) {
                java.util.Arrays.fill(b, off, off + len, (byte) 'z');
                served += len;
                return len;
            }
        };
        try {
            LineSource.of(endless, 1 << 20).read();
            throw new AssertionError("an endless line was read");
        } catch (LineSource.LineTooLongException e) {
            assertThat(e.getMessage()).startsWith("line 1 is longer than 1 MiB");
        }
    }

    private static List<String> lines(LineSource source) throws IOException {
        List<String> lines = new ArrayList<>();
        for (LineSource.RawLine line = source.read(); line != null; line = source.read()) {
            lines.add(line.text());
        }
        return lines;
    }

    private static List<String> readerLines(byte[] bytes) throws IOException {
        List<String> lines = new ArrayList<>();
        try (BufferedReader reader = strictReader(bytes)) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                lines.add(line);
            }
        }
        return lines;
    }

    private static BufferedReader strictReader(byte[] bytes) {
        return new BufferedReader(new InputStreamReader(new ByteArrayInputStream(bytes), StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)));
    }

    /** A stream that returns at most {@code most} bytes a read, fewer at random. */
    private static InputStream trickling(byte[] bytes, int most, Random random) {
        return new ByteArrayInputStream(bytes) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(len, 1 + random.nextInt(most)));
            }
        };
    }
}
