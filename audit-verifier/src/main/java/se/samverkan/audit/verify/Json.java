package se.samverkan.audit.verify;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A strict RFC 8259 JSON reader, so the verifier runs on a bare JDK with nothing else on the class path (an auditor
 * should not have to trust our dependencies to check our log). Stricter than the grammar where a lenient reading
 * could let two readers see different things: a member name given twice, unpaired surrogates, invalid UTF-8 and
 * anything after the value are refused, and nesting is bounded. Objects become {@code Map<String, Object>} in
 * member order, arrays {@code List<Object>}, whole numbers {@code Long} (or {@code BigInteger} beyond it), other
 * numbers {@code BigDecimal} (exact), and {@code true}/{@code false}/{@code null} their Java values.
 */
public final class Json {

    /** Deeper nesting is refused rather than risking a stack overflow; export lines nest three levels. */
    public static final int MAX_DEPTH = 64;

    /**
     * Shorter strings are made strings at once, on the threads that parse: kinds and ids are asked for as text, by the
     * one thread that checks. 44 characters is the base64 of a SHA-256 hash, the shortest base64 in an export.
     */
    static final int VIEW_MIN_LENGTH = 44;

    /** What is read: text, or bytes that are all ASCII (one character a byte, so an index is both); never both. */
    private final String text;
    private final byte[] ascii;
    private final int length;
    /** Strings read from ASCII bytes stay views of them ({@link AsciiText}) instead of copies. */
    private final boolean views;
    private int pos;
    private int depth;

    private Json(String text, byte[] ascii, boolean views) {
        this.text = text;
        this.ascii = ascii;
        this.length = text != null ? text.length() : ascii.length;
        this.views = views;
    }

    /**
     * A string value read from ASCII bytes and left in them (one of at least {@link #VIEW_MIN_LENGTH} characters): an
     * export line is kilobytes of base64, and a view lets the base64 be decoded straight from the line's bytes
     * ({@link #base64()}) instead of from a copy as text and a copy of that as bytes. Only {@link Line} sees these
     * ({@link #parseAscii(byte[], boolean)}); the bytes must not change afterwards (each line has its own).
     */
    static final class AsciiText implements CharSequence {
        private final byte[] bytes;
        private final int from;
        private final int to;

        private AsciiText(byte[] bytes, int from, int to) {
            this.bytes = bytes;
            this.from = from;
            this.to = to;
        }

        /** Exactly {@code Base64.getDecoder().decode(toString())}, without the two copies. */
        byte[] base64() {
            ByteBuffer decoded = Base64.getDecoder().decode(ByteBuffer.wrap(bytes, from, to - from));
            byte[] array = decoded.array();
            return decoded.remaining() == array.length ? array : Arrays.copyOf(array, decoded.remaining());
        }

        @Override
        public int length() {
            return to - from;
        }

        @Override
        public char charAt(int index) {
            return (char) bytes[from + Objects.checkIndex(index, to - from)];
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            Objects.checkFromToIndex(start, end, to - from);
            return new AsciiText(bytes, from + start, from + end);
        }

        @Override
        public String toString() {
            return new String(bytes, from, to - from, StandardCharsets.ISO_8859_1);
        }
    }

    /** @throws IllegalArgumentException saying what is wrong and at which character */
    public static Object parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException("invalid JSON: the input is empty");
        }
        return new Json(text, null, false).document();
    }

    /**
     * Decodes strictly as UTF-8 first: a byte sequence that is not UTF-8 is refused, never replaced. Bytes that are
     * all ASCII (nearly all the service writes) are read as they are, without a copy as text.
     */
    public static Object parse(byte[] utf8) {
        if (isAscii(utf8)) {
            return parseAscii(utf8, false);
        }
        String text;
        try {
            text = utf8(utf8);
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("invalid JSON: the bytes are not valid UTF-8");
        }
        return parse(text);
    }

    /**
     * The same values and refusals as {@code parse(new String(ascii, US_ASCII))}, except that with {@code views} a
     * string value is an {@link AsciiText} over the bytes (member names are always strings).
     *
     * @param ascii bytes that are all ASCII ({@link #isAscii})
     */
    static Object parseAscii(byte[] ascii, boolean views) {
        return new Json(null, ascii, views).document();
    }

    private Object document() {
        if (length == 0) {
            throw new IllegalArgumentException("invalid JSON: the input is empty");
        }
        skipWhitespace();
        if (pos == length) {
            throw new IllegalArgumentException("invalid JSON: the input holds only whitespace");
        }
        Object value = value();
        skipWhitespace();
        if (pos != length) {
            throw error("unexpected characters after the value");
        }
        return value;
    }

    /**
     * The bytes as UTF-8 text, strictly: bytes that are not UTF-8 are refused (a {@link
     * java.nio.charset.MalformedInputException}), never replaced. The JDK's fast decoding replaces what is not UTF-8
     * by U+FFFD, so text without one was UTF-8 throughout (for ASCII, nearly all of it, the check costs nothing: such
     * a string cannot hold U+FFFD); text with one, whether in the bytes or put there for a bad byte, is decoded again
     * strictly.
     */
    static String utf8(byte[] bytes) throws CharacterCodingException {
        String text = new String(bytes, StandardCharsets.UTF_8);
        if (text.indexOf('\uFFFD') < 0) {
            return text;
        }
        return StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(bytes)).toString();
    }

    /** Whether every byte is below 0x80 (then the bytes are UTF-8, one character each); eight at a time. */
    static boolean isAscii(byte[] bytes) {
        int i = 0;
        long high = 0;
        for (; i + Long.BYTES <= bytes.length; i += Long.BYTES) {
            high |= (long) LONGS.get(bytes, i);
        }
        for (; i < bytes.length; i++) {
            high |= bytes[i];
        }
        return (high & HIGH_BITS) == 0;
    }

    private Object value() {
        skipWhitespace();
        if (pos >= length) {
            throw error("unexpected end of input, a value was expected");
        }
        char c = at(pos);
        return switch (c) {
            case '{' -> object();
            case '[' -> array();
            case '"' -> string(views);
            case 't' -> literal("true", Boolean.TRUE);
            case 'f' -> literal("false", Boolean.FALSE);
            case 'n' -> literal("null", null);
            default -> {
                if (c == '-' || (c >= '0' && c <= '9')) {
                    yield number();
                }
                throw error("unexpected character '" + printable(c) + "'");
            }
        };
    }

    private Map<String, Object> object() {
        enter();
        Map<String, Object> map = new LinkedHashMap<>();
        pos++;
        skipWhitespace();
        if (peek() == '}') {
            pos++;
            depth--;
            return map;
        }
        while (true) {
            skipWhitespace();
            if (pos >= length) {
                throw error("unexpected end of input, a member name was expected");
            }
            if (peek() != '"') {
                throw error("a member name (a string) was expected");
            }
            int at = pos;
            String key = (String) string(false);
            skipWhitespace();
            expect(':');
            // a second member of the same name is read by some parsers and not others: never guess which counts
            if (map.containsKey(key)) {
                pos = at;
                throw error("the member name \"" + key + "\" occurs twice");
            }
            map.put(key, value());
            skipWhitespace();
            if (peek() == ',') {
                pos++;
            } else {
                expect('}');
                depth--;
                return map;
            }
        }
    }

    private List<Object> array() {
        enter();
        List<Object> list = new ArrayList<>();
        pos++;
        skipWhitespace();
        if (peek() == ']') {
            pos++;
            depth--;
            return list;
        }
        while (true) {
            list.add(value());
            skipWhitespace();
            if (peek() == ',') {
                pos++;
            } else {
                expect(']');
                depth--;
                return Collections.unmodifiableList(list);
            }
        }
    }

    private void enter() {
        if (++depth > MAX_DEPTH) {
            throw error("nested deeper than " + MAX_DEPTH + " levels");
        }
    }

    /** @param view whether a plain string of ASCII bytes may be returned as an {@link AsciiText} */
    private Object string(boolean view) {
        expect('"');
        // most strings (base64 above all, kilobytes of it a line) hold nothing to unescape or check: find the closing
        // quote, make sure nothing before it needs more, and take the text as it is; otherwise read the string
        // character by character from its start
        int start = pos;
        if (ascii != null) {
            int end = plainAsciiEnd(ascii, start, length);
            if (end < length && ascii[end] == '"') {
                pos = end + 1;
                return view && end - start >= VIEW_MIN_LENGTH ? new AsciiText(ascii, start, end)
                        : new String(ascii, start, end - start, StandardCharsets.ISO_8859_1);
            }
        } else {
            int quote = text.indexOf('"', start);
            if (quote >= 0 && plain(start, quote)) {
                pos = quote + 1;
                return text.substring(start, quote);
            }
        }
        StringBuilder out = new StringBuilder(16);
        while (true) {
            if (pos >= length) {
                throw error("unterminated string");
            }
            char c = at(pos);
            if (c == '"') {
                pos++;
                return out.toString();
            }
            if (c < 0x20) {
                throw error("a control character (U+" + String.format("%04X", (int) c) + ") must be escaped in a string");
            }
            if (Character.isSurrogate(c)) {
                // a pair straight from the text is one character; a lone half never came from valid UTF-8
                if (Character.isHighSurrogate(c) && pos + 1 < length && Character.isLowSurrogate(at(pos + 1))) {
                    out.append(c).append(at(pos + 1));
                    pos += 2;
                    continue;
                }
                throw error("an unpaired surrogate in a string");
            }
            pos++;
            if (c != '\\') {
                out.append(c);
                continue;
            }
            if (pos >= length) {
                throw error("unterminated string");
            }
            char e = at(pos++);
            switch (e) {
                case '"', '\\', '/' -> out.append(e);
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case 't' -> out.append('\t');
                case 'u' -> {
                    char unit = hex4();
                    if (Character.isHighSurrogate(unit)) {
                        if (!startsWith("\\u", pos)) {
                            throw error("a high surrogate escape \\u" + hex(unit) + " not followed by its low surrogate");
                        }
                        pos += 2;
                        char low = hex4();
                        if (!Character.isLowSurrogate(low)) {
                            throw error("a high surrogate escape \\u" + hex(unit) + " followed by \\u" + hex(low) + ", not a low surrogate");
                        }
                        out.append(unit).append(low);
                    } else if (Character.isLowSurrogate(unit)) {
                        throw error("a low surrogate escape \\u" + hex(unit) + " without a high surrogate before it");
                    } else {
                        out.append(unit);
                    }
                }
                default -> {
                    pos--;
                    throw error("an invalid escape \\" + printable(e));
                }
            }
        }
    }

    /** Whether text[from, to) holds no backslash, control character or surrogate. Called for every string of text. */
    private boolean plain(int from, int to) {
        if (text.indexOf('\\', from, to) >= 0) {
            return false;
        }
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c < 0x20 || Character.isSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGH_BITS = 0x8080808080808080L;

    /**
     * Where the plain part of an ASCII string that starts at {@code from} ends: the index of the first quote, backslash
     * or control character at or after it, or {@code to} if there is none. Eight bytes at a time: for bytes below 0x80,
     * {@code (x - n * ONES) & ~x & HIGH_BITS} marks the bytes of x below n (the bit tricks of Anderson's "Bit Twiddling
     * Hacks"), and a byte equal to b is a zero byte of x XOR eight b's. A borrow may also mark a byte above a marked
     * one, never one below it, so the lowest mark is exact. An export's lines are kilobytes of base64, and this runs
     * over every byte of them.
     */
    static int plainAsciiEnd(byte[] bytes, int from, int to) {
        int i = from;
        for (; i + Long.BYTES <= to; i += Long.BYTES) {
            long x = (long) LONGS.get(bytes, i);
            long belowSpace = (x - 0x20 * ONES) & ~x;
            long backslashes = x ^ ('\\' * ONES);
            long backslash = (backslashes - ONES) & ~backslashes;
            long quotes = x ^ ('"' * ONES);
            long quote = (quotes - ONES) & ~quotes;
            long marks = (belowSpace | backslash | quote) & HIGH_BITS;
            if (marks != 0) {
                return i + (Long.numberOfTrailingZeros(marks) >>> 3);
            }
        }
        for (; i < to; i++) {
            byte b = bytes[i];
            if (b < 0x20 || b == '\\' || b == '"') {
                return i;
            }
        }
        return to;
    }

    private char hex4() {
        if (pos + 4 > length) {
            throw error("a \\u escape needs four hex digits");
        }
        int value = 0;
        for (int i = 0; i < 4; i++) {
            int digit = Character.digit(at(pos + i), 16);
            if (digit < 0 || at(pos + i) > 'f') {
                throw error("a \\u escape needs four hex digits");
            }
            value = value * 16 + digit;
        }
        pos += 4;
        return (char) value;
    }

    // -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
    private Object number() {
        int start = pos;
        if (peek() == '-') {
            pos++;
        }
        if (peek() == '0') {
            pos++;
            if (isDigit(peek())) {
                throw error("a number has no leading zeros");
            }
        } else if (!digits()) {
            throw error("a digit was expected");
        }
        boolean integral = true;
        if (peek() == '.') {
            pos++;
            integral = false;
            if (!digits()) {
                throw error("a digit was expected after the decimal point");
            }
        }
        if (peek() == 'e' || peek() == 'E') {
            pos++;
            integral = false;
            if (peek() == '+' || peek() == '-') {
                pos++;
            }
            if (!digits()) {
                throw error("a digit was expected in the exponent");
            }
        }
        String n = text != null ? text.substring(start, pos) : new String(ascii, start, pos - start, StandardCharsets.ISO_8859_1);
        if (!integral) {
            try {
                return new BigDecimal(n);
            } catch (NumberFormatException | ArithmeticException e) {
                pos = start;
                throw error("the number " + n + " is out of range");
            }
        }
        if (n.length() <= 18) {
            return Long.parseLong(n); // at most 18 digits always fit
        }
        BigInteger big = new BigInteger(n);
        return big.bitLength() < 64 ? (Object) big.longValue() : big;
    }

    private boolean digits() {
        int start = pos;
        while (isDigit(peek())) {
            pos++;
        }
        return pos > start;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private Object literal(String word, Object value) {
        if (!startsWith(word, pos)) {
            throw error("unexpected token, " + word + " was expected");
        }
        pos += word.length();
        return value;
    }

    private char at(int index) {
        return ascii != null ? (char) ascii[index] : text.charAt(index);
    }

    private boolean startsWith(String word, int from) {
        if (text != null) {
            return text.startsWith(word, from);
        }
        if (from + word.length() > length) {
            return false;
        }
        for (int i = 0; i < word.length(); i++) {
            if (ascii[from + i] != word.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private char peek() {
        return pos < length ? at(pos) : '\0';
    }

    private void expect(char c) {
        if (pos >= length) {
            throw error("unexpected end of input, '" + c + "' was expected");
        }
        if (at(pos) != c) {
            throw error("'" + c + "' was expected, not '" + printable(at(pos)) + "'");
        }
        pos++;
    }

    private void skipWhitespace() {
        while (pos < length) {
            char c = at(pos);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                return;
            }
            pos++;
        }
    }

    private static String hex(char c) {
        return String.format("%04X", (int) c);
    }

    private static String printable(char c) {
        return c < 0x20 || Character.isSurrogate(c) ? "U+" + hex(c) : String.valueOf(c);
    }

    private IllegalArgumentException error(String what) {
        return new IllegalArgumentException("invalid JSON at character " + pos + ": " + what);
    }
}
