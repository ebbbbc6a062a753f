package se.samverkan.audit.verify;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.CharacterCodingException;
import java.util.Arrays;

/**
 * Where an export's lines come from: text a reader has decoded already, or the bytes of a file, split at line ends
 * here and decoded as UTF-8 by whoever decodes the line. Reading bytes keeps the reading thread, which the verifier
 * cannot share out, down to finding line ends; turning a line's bytes into text is left to the threads that decode
 * it ({@link DecodedLines}). Either way a line is what {@link BufferedReader#readLine()} would give: it ends at
 * {@code \n}, {@code \r} or {@code \r\n}, a last line needs no line end, and bytes that are not UTF-8 are refused
 * (a {@link java.nio.charset.MalformedInputException}) at the line that holds them, never replaced.
 */
abstract sealed class LineSource {

    /** One line as read: its text, or the bytes it will be decoded from. */
    sealed interface RawLine {
        /** Characters or bytes: what bounds a chunk of lines waiting to be decoded. */
        int length();

        /** @throws CharacterCodingException the line's bytes are not UTF-8 */
        String text() throws CharacterCodingException;

        /** The line's bytes if they are all ASCII (then read as they are, {@link Line#ofAscii}); else null, also for text. */
        byte[] asciiBytes();
    }

    /** The next line, or null at the end of the input. */
    abstract RawLine read() throws IOException;

    /** The next line as text, decoded on the calling thread (the header); null at the end of the input. */
    final String readLine() throws IOException {
        RawLine line = read();
        return line == null ? null : line.text();
    }

    static LineSource of(BufferedReader reader) {
        return new Text(reader);
    }

    /**
     * Far longer than any line the service writes (an entry is one event, kilobytes; the header holds a few signed
     * notes and proofs), and small enough that a hostile file of one endless line is refused instead of filling the
     * auditor's memory.
     */
    static final int MAX_LINE_BYTES = 64 << 20;

    static LineSource of(InputStream in) {
        return new Utf8(in, MAX_LINE_BYTES);
    }

    static LineSource of(InputStream in, int maxLineBytes) {
        return new Utf8(in, maxLineBytes);
    }

    /** A line longer than {@link #MAX_LINE_BYTES}: no export the service writes has one. */
    static final class LineTooLongException extends IOException {
        LineTooLongException(int maxLineBytes, long lineNumber) {
            super("line " + lineNumber + " is longer than "
                    + (maxLineBytes >= 1 << 20 ? (maxLineBytes >> 20) + " MiB" : maxLineBytes + " bytes")
                    + ", far beyond any line the service writes");
        }
    }

    private static final class Text extends LineSource {
        private final BufferedReader reader;

        Text(BufferedReader reader) {
            this.reader = reader;
        }

        @Override
        RawLine read() throws IOException {
            String text = reader.readLine();
            return text == null ? null : new TextLine(text);
        }
    }

    private record TextLine(String text) implements RawLine {
        @Override
        public int length() {
            return text.length();
        }

        @Override
        public byte[] asciiBytes() {
            return null;
        }
    }

    private static final class Utf8 extends LineSource {
        private final InputStream in;
        private final int maxLineBytes;
        private final byte[] buffer = new byte[1 << 16];
        private int position;
        private int limit;
        private boolean lineFeedEndsLastLine;
        /** Lines returned so far: the file's line numbers, the header's included. */
        private long lines;

        Utf8(InputStream in, int maxLineBytes) {
            this.in = in;
            this.maxLineBytes = maxLineBytes;
        }

        @Override
        RawLine read() throws IOException {
            ByteArrayOutputStream longLine = null; // a line that does not end in what is buffered
            while (true) {
                if (position == limit) {
                    int read = in.read(buffer, 0, buffer.length);
                    position = 0;
                    limit = Math.max(0, read);
                    if (read < 0) {
                        return longLine == null ? null : line(longLine.toByteArray());
                    }
                    continue;
                }
                if (lineFeedEndsLastLine) {
                    lineFeedEndsLastLine = false;
                    if (buffer[position] == '\n') { // \r\n: one line end
                        position++;
                        continue;
                    }
                }
                int start = position;
                int end = lineEnd(start);
                if ((longLine == null ? 0 : longLine.size()) + (end - start) > maxLineBytes) {
                    throw new LineTooLongException(maxLineBytes, lines + 1);
                }
                if (end < limit) {
                    lineFeedEndsLastLine = buffer[end] == '\r';
                    position = end + 1;
                    if (longLine == null) {
                        return line(Arrays.copyOfRange(buffer, start, end));
                    }
                    longLine.write(buffer, start, end - start);
                    return line(longLine.toByteArray());
                }
                if (longLine == null) {
                    longLine = new ByteArrayOutputStream(2 * buffer.length);
                }
                longLine.write(buffer, start, limit - start);
                position = limit;
            }
        }

        private Utf8Line line(byte[] bytes) {
            lines++;
            return new Utf8Line(bytes);
        }

        /** The first {@code \n} or {@code \r} from {@code from}, or {@link #limit}. */
        private int lineEnd(int from) {
            for (int i = from; i < limit; i++) {
                byte b = buffer[i];
                // every byte of a multi-byte UTF-8 sequence is 0x80 or above, so a 0x0A or 0x0D byte is always a line end
                if (b <= '\r' && (b == '\n' || b == '\r')) {
                    return i;
                }
            }
            return limit;
        }
    }

    private record Utf8Line(byte[] bytes) implements RawLine {
        @Override
        public int length() {
            return bytes.length;
        }

        @Override
        public String text() throws CharacterCodingException {
            return Json.utf8(bytes);
        }

        @Override
        public byte[] asciiBytes() {
            return Json.isAscii(bytes) ? bytes : null;
        }
    }
}
