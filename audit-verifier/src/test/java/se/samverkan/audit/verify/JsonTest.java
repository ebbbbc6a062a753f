package se.samverkan.audit.verify;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What a JSON reader must get right, since the verifier reads every export line and every entry with it. */
class JsonTest {

    @Test
    void everyEscapeOfAStringIsRead() {
        assertThat(Json.parse("\"\\\" \\\\ \\/ \\b \\f \\n \\r \\t\"")).isEqualTo("\" \\ / \b \f \n \r \t");
        assertThat(Json.parse("\"\\u0041\\u00e5\\u00C5\\u20AC\"")).isEqualTo("AåÅ€");
        assertThat(Json.parse("\"\\u0000\"")).isEqualTo("\0");
        // a character outside the basic plane: a surrogate pair, escaped or as it stands
        assertThat(Json.parse("\"\\uD83D\\uDE00\"")).isEqualTo("\uD83D\uDE00").isEqualTo(new String(Character.toChars(0x1F600)));
        assertThat(Json.parse("\"\uD83D\uDE00 å\"")).isEqualTo("😀 å");
    }

    @Test
    void brokenEscapesAndUnpairedSurrogatesAreRefusedWithAMessage() {
        refused("\"\\x\"", "at character 2: an invalid escape \\x");
        refused("\"\\u12\"", "a \\u escape needs four hex digits");
        refused("\"\\u12G4\"", "a \\u escape needs four hex digits");
        refused("\"\\uD83D\"", "a high surrogate escape \\uD83D not followed by its low surrogate");
        refused("\"\\uD83D\\u0041\"", "a high surrogate escape \\uD83D followed by \\u0041, not a low surrogate");
        refused("\"\\uDE00\"", "a low surrogate escape \\uDE00 without a high surrogate before it");
        refused("\"\uD83D\"", "an unpaired surrogate in a string");
        refused("\"a\nb\"", "a control character (U+000A) must be escaped in a string");
        refused("\"\\", "unterminated string");
    }

    @Test
    void numbersWholeNegativeFractionalExponentAndBig() {
        assertThat(Json.parse("0")).isEqualTo(0L);
        assertThat(Json.parse("-0")).isEqualTo(0L);
        assertThat(Json.parse("-42")).isEqualTo(-42L);
        assertThat(Json.parse("9223372036854775807")).isEqualTo(Long.MAX_VALUE);
        assertThat(Json.parse("-9223372036854775808")).isEqualTo(Long.MIN_VALUE);
        assertThat(Json.parse("9223372036854775808")).isEqualTo(new BigInteger("9223372036854775808"));
        assertThat(Json.parse("123456789012345678901234567890")).isEqualTo(new BigInteger("123456789012345678901234567890"));
        assertThat(Json.parse("-1.5")).isEqualTo(new BigDecimal("-1.5"));
        assertThat(Json.parse("1e3")).isEqualTo(new BigDecimal("1e3"));
        assertThat(Json.parse("2.5E-7")).isEqualTo(new BigDecimal("2.5E-7"));
        assertThat(Json.parse("1E+400")).isEqualTo(new BigDecimal("1E+400"));
        assertThat(Json.parse("0.1")).isEqualTo(new BigDecimal("0.1"));
    }

    @Test
    void numbersOutsideTheGrammarAreRefused() {
        refused("01", "a number has no leading zeros");
        refused("-", "a digit was expected");
        refused("+1", "unexpected character '+'");
        refused("1.", "a digit was expected after the decimal point");
        refused(".5", "unexpected character '.'");
        refused("1e", "a digit was expected in the exponent");
        refused("1e+", "a digit was expected in the exponent");
        refused("NaN", "unexpected character 'N'");
        refused("Infinity", "unexpected character 'I'");
        refused("1 2", "unexpected characters after the value");
    }

    @Test
    void objectsArraysAndLiteralsKeepTheirOrderAndValues() {
        Object value = Json.parse(" {\"b\": [1, true, false, null, {\"x\": []}], \"a\": {} }\r\n\t");
        assertThat(value).isInstanceOf(Map.class);
        @SuppressWarnings("unchecked")
        Map<String, Object> map = (Map<String, Object>) value;
        assertThat(map.keySet()).containsExactly("b", "a");
        assertThat(map.get("b")).isEqualTo(java.util.Arrays.asList(1L, true, false, null, Map.of("x", List.of())));
        assertThat(map.get("a")).isEqualTo(Map.of());
        assertThat(Json.parse("[]")).isEqualTo(List.of());
        assertThat(Json.parse("\"\"")).isEqualTo("");
    }

    @Test
    void nestingIsBoundedSoNoInputCanOverflowTheStack() {
        assertThat(Json.parse("[".repeat(Json.MAX_DEPTH) + "]".repeat(Json.MAX_DEPTH))).isInstanceOf(List.class);
        refused("[".repeat(Json.MAX_DEPTH + 1) + "]".repeat(Json.MAX_DEPTH + 1), "nested deeper than 64 levels");
        refused("{\"a\":".repeat(100_000) + "1" + "}".repeat(100_000), "nested deeper than 64 levels");
    }

    @Test
    void aMemberNamedTwiceIsRefusedEvenWhenTheNamesDifferOnlyInEscapes() {
        refused("{\"type\":\"a\",\"type\":\"b\"}", "at character 12: the member name \"type\" occurs twice");
        refused("{\"type\":\"a\",\"typ\\u0065\":\"b\"}", "the member name \"type\" occurs twice");
        assertThat(Json.parse("{\"a\":{\"type\":1},\"b\":{\"type\":2}}")).isInstanceOf(Map.class);
    }

    @Test
    void anythingAfterTheValueIsRefused() {
        refused("{} {}", "at character 3: unexpected characters after the value");
        refused("{}x", "unexpected characters after the value");
        refused("truex", "unexpected characters after the value");
        refused("nul", "unexpected token, null was expected");
        refused("{\"a\":1,}", "a member name (a string) was expected");
        refused("[1,]", "unexpected character ']'");
        refused("{\"a\" 1}", "':' was expected, not '1'");
        refused("{'a':1}", "a member name (a string) was expected");
        // only the four JSON whitespace characters separate tokens
        refused("{}\u00a0", "unexpected characters after the value");
        refused("\u000b{}", "unexpected character 'U+000B'");
    }

    @Test
    void emptyOrUnterminatedInputIsRefusedWithAMessage() {
        refused("", "the input is empty");
        refused(" \n", "the input holds only whitespace");
        refused("{", "unexpected end of input");
        refused("{\"a\":", "unexpected end of input, a value was expected");
        refused("[1", "unexpected end of input, ']' was expected");
        refused("\"abc", "unterminated string");
        assertThatThrownBy(() -> Json.parse((String) null)).hasMessageContaining("the input is empty");
    }

    @Test
    void bytesThatAreNotUtf8AreRefusedNeverReplaced() {
        assertThat(Json.parse("{\"å\":\"😀\"}".getBytes(StandardCharsets.UTF_8))).isEqualTo(Map.of("å", "😀"));
        byte[] invalid = {'"', (byte) 0xC3, (byte) 0x28, '"'};
        byte[] overlong = {'"', (byte) 0xC0, (byte) 0xAF, '"'};
        byte[] truncated = {'"', (byte) 0xE2, (byte) 0x82};
        byte[] encodedSurrogate = {'"', (byte) 0xED, (byte) 0xA0, (byte) 0x80, '"'};
        for (byte[] bytes : List.of(invalid, overlong, truncated, encodedSurrogate)) {
            assertThatThrownBy(() -> Json.parse(bytes)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("invalid JSON: the bytes are not valid UTF-8");
        }
        assertThatThrownBy(() -> Json.parse(new byte[0])).hasMessage("invalid JSON: the input is empty");
    }

    /** The scan of ASCII strings eight bytes at a time: every ASCII byte, at every place and alignment, as one at a time. */
    @Test
    void asciiStringsAreScannedAsOneCharacterAtATimeWould() {
        for (int c = 0; c < 0x80; c++) {
            boolean special = c < 0x20 || c == '\\' || c == '"';
            for (int from = 0; from < 9; from++) {
                for (int length = 0; length < 26; length++) {
                    for (int at = from; at < from + length; at++) {
                        byte[] bytes = "A".repeat(40).getBytes(StandardCharsets.US_ASCII);
                        bytes[at] = (byte) c;
                        // a second special byte after the first must not move the answer
                        bytes[Math.min(at + 3, 39)] = '"';
                        int expected = special ? at : Math.min(at + 3, from + length);
                        assertThat(Json.plainAsciiEnd(bytes, from, from + length)).as("U+%04X at %d of [%d, %d)", c, at, from, from + length)
                                .isEqualTo(expected);
                    }
                }
            }
        }
        // and through the parser: the same values and the same refusals as from the text
        for (String json : List.of("\"" + "QUJD".repeat(300) + "\"", "{\"a\\u0042\":\"x\\\"y\",\"b\":[\"" + "z".repeat(17) + "\\n\"]}", "\"a\tb\"",
                "\"" + "A".repeat(15) + "\u001f\"", "\"" + "A".repeat(16) + "\\\"", "\"" + "A".repeat(7) + "\\u0041\"")) {
            assertThat(outcome(() -> Json.parse(json.getBytes(StandardCharsets.US_ASCII)))).as(json)
                    .isEqualTo(outcome(() -> Json.parse(json)));
        }
    }

    @Test
    void asciiBytesAreToldFromOthersAtEveryPlace() {
        for (int length = 0; length < 20; length++) {
            byte[] bytes = "x".repeat(length).getBytes(StandardCharsets.US_ASCII);
            assertThat(Json.isAscii(bytes)).isTrue();
            for (int at = 0; at < length; at++) {
                byte[] high = bytes.clone();
                high[at] = (byte) 0x80;
                assertThat(Json.isAscii(high)).as("0x80 at %d of %d", at, length).isFalse();
                high[at] = (byte) 0xFF;
                assertThat(Json.isAscii(high)).isFalse();
            }
        }
    }

    /** A string left in the line's bytes reads and decodes exactly as the string would, refusals included. */
    @Test
    void stringsLeftInTheBytesAreTheStringsAndTheirBase64Decodes() {
        for (String value : List.of("", "QQ==", "QQ", "QQ=", "QUJD", "QUJDRA==", "Q", "QU=J", "QUJD\\nRA==", "QUJD RA==",
                "_-8=", "/+8=", "QUJD====", "QUJDRA=", "QUJDRA===", "A".repeat(1000), "QUJDRA==QUJD")) {
            String json = "[\"" + value + "\"]";
            Object view = ((List<?>) Json.parseAscii(json.getBytes(StandardCharsets.US_ASCII), true)).getFirst();
            Object text = ((List<?>) Json.parse(json)).getFirst();
            assertThat(view.toString()).isEqualTo(text);
            assertThat(outcome(() -> view instanceof Json.AsciiText ascii ? ascii.base64() : Base64.getDecoder().decode((String) view)))
                    .as(value).isEqualTo(outcome(() -> Base64.getDecoder().decode((String) text)));
        }
        // member names are strings, never views; escaped strings are read out, as from the text
        assertThat(Json.parseAscii("{\"a\":\"x\\ty\"}".getBytes(StandardCharsets.US_ASCII), true)).isEqualTo(Map.of("a", "x\ty"));
    }

    /** What a reading gave: its value, or the message of the IllegalArgumentException it threw. */
    private static Object outcome(java.util.function.Supplier<Object> reading) {
        try {
            return reading.get();
        } catch (IllegalArgumentException e) {
            return "refused: " + e.getMessage();
        }
    }

    private static void refused(String text, String message) {
        assertThatThrownBy(() -> Json.parse(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("invalid JSON").hasMessageContaining(message);
        if (text.chars().allMatch(c -> c < 0x80)) {
            // ASCII text is read from its bytes by the faster path: the same refusal
            assertThatThrownBy(() -> Json.parse(text.getBytes(StandardCharsets.US_ASCII))).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("invalid JSON").hasMessageContaining(message);
        }
    }
}
