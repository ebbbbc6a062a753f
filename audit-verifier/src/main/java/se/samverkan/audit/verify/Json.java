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
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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

    private final String text;
    /** The text's bytes when every character is ASCII (then a character's index is its byte's), else null. */
    private final byte[] ascii;
    private int pos;
    private int depth;

    private Json(String text, byte[] ascii) {
        this.text = text;
        this.ascii = ascii;
    }

    /** @throws IllegalArgumentException saying what is wrong and at which character */
    public static Object parse(String text) {
        return parse(text, null);
    }

    /** @param ascii null, or the text's bytes when every one of its characters is ASCII (which lets it be read faster) */
    static Object parse(String text, byte[] ascii) {
        if (text == null || text.isEmpty()) {
            throw new IllegalArgumentException("invalid JSON: the input is empty");
        }
        if (ascii != null && ascii.length != text.length()) {
            throw new IllegalArgumentException("not the text's ASCII bytes");
        }
        Json parser = new Json(text, ascii);
        parser.skipWhitespace();
        if (parser.pos == text.length()) {
            throw new IllegalArgumentException("invalid JSON: the input holds only whitespace");
        }
        Object value = parser.value();
        parser.skipWhitespace();
        if (parser.pos != text.length()) {
            throw parser.error("unexpected characters after the value");
        }
        return value;
    }

    /** Decodes strictly as UTF-8 first: a byte sequence that is not UTF-8 is refused, never replaced. */
    public static Object parse(byte[] utf8) {
        String text;
        try {
            text = utf8(utf8);
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("invalid JSON: the bytes are not valid UTF-8");
        }
        return parse(text, asciiBytes(text, utf8));
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

    /** The bytes {@code text} was decoded from ({@link #utf8}) when every one of them is ASCII, else null. */
    static byte[] asciiBytes(String text, byte[] utf8) {
        // valid UTF-8 with as many characters as bytes: every byte is one ASCII character
        return text.length() == utf8.length ? utf8 : null;
    }

    private Object value() {
        skipWhitespace();
        if (pos >= text.length()) {
            throw error("unexpected end of input, a value was expected");
        }
        char c = text.charAt(pos);
        return switch (c) {
            case '{' -> object();
            case '[' -> array();
            case '"' -> string();
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
            if (pos >= text.length()) {
                throw error("unexpected end of input, a member name was expected");
            }
            if (peek() != '"') {
                throw error("a member name (a string) was expected");
            }
            int at = pos;
            String key = string();
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

    private String string() {
        expect('"');
        // most strings (base64 above all, kilobytes of it a line) hold nothing to unescape or check: find the closing
        // quote, make sure nothing before it needs more, and take the text as it is; otherwise read the string
        // character by character from its start
        int start = pos;
        int quote = text.indexOf('"', start);
        if (quote >= 0 && plain(start, quote)) {
            pos = quote + 1;
            return text.substring(start, quote);
        }
        StringBuilder out = new StringBuilder(pos - start + 16).append(text, start, pos);
        while (true) {
            if (pos >= text.length()) {
                throw error("unterminated string");
            }
            char c = text.charAt(pos);
            if (c == '"') {
                pos++;
                return out.toString();
            }
            if (c < 0x20) {
                throw error("a control character (U+" + String.format("%04X", (int) c) + ") must be escaped in a string");
            }
            if (Character.isSurrogate(c)) {
                // a pair straight from the text is one character; a lone half never came from valid UTF-8
                if (Character.isHighSurrogate(c) && pos + 1 < text.length() && Character.isLowSurrogate(text.charAt(pos + 1))) {
                    out.append(c).append(text.charAt(pos + 1));
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
            if (pos >= text.length()) {
                throw error("unterminated string");
            }
            char e = text.charAt(pos++);
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
                        if (!text.startsWith("\\u", pos)) {
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

    /** Whether text[from, to) holds no backslash, control character or surrogate. Called for every string. */
    private boolean plain(int from, int to) {
        if (ascii != null) {
            return plainAscii(ascii, from, to);
        }
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
     * The same for ASCII bytes (no surrogate can occur), eight at a time: for bytes below 0x80, {@code (x - n * ONES)
     * & ~x & HIGH_BITS} is non-zero exactly when one of x's bytes is below n (the bit tricks of Anderson's "Bit
     * Twiddling Hacks"; a borrow may mark a wrong byte, never a wrong word), and a backslash is a zero byte of x XOR
     * eight backslashes. An export's lines are kilobytes of base64, and this runs over every byte of them.
     */
    static boolean plainAscii(byte[] bytes, int from, int to) {
        int i = from;
        for (; i + Long.BYTES <= to; i += Long.BYTES) {
            long x = (long) LONGS.get(bytes, i);
            long belowSpace = (x - 0x20 * ONES) & ~x;
            long backslashes = x ^ ('\\' * ONES);
            long backslash = (backslashes - ONES) & ~backslashes;
            if (((belowSpace | backslash) & HIGH_BITS) != 0) {
                return false;
            }
        }
        for (; i < to; i++) {
            if (bytes[i] < 0x20 || bytes[i] == '\\') {
                return false;
            }
        }
        return true;
    }

    private char hex4() {
        if (pos + 4 > text.length()) {
            throw error("a \\u escape needs four hex digits");
        }
        int value = 0;
        for (int i = 0; i < 4; i++) {
            int digit = Character.digit(text.charAt(pos + i), 16);
            if (digit < 0 || text.charAt(pos + i) > 'f') {
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
        String n = text.substring(start, pos);
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
        if (!text.startsWith(word, pos)) {
            throw error("unexpected token, " + word + " was expected");
        }
        pos += word.length();
        return value;
    }

    private char peek() {
        return pos < text.length() ? text.charAt(pos) : '\0';
    }

    private void expect(char c) {
        if (pos >= text.length()) {
            throw error("unexpected end of input, '" + c + "' was expected");
        }
        if (text.charAt(pos) != c) {
            throw error("'" + c + "' was expected, not '" + printable(text.charAt(pos)) + "'");
        }
        pos++;
    }

    private void skipWhitespace() {
        while (pos < text.length()) {
            char c = text.charAt(pos);
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
