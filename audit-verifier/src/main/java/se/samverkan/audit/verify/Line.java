package se.samverkan.audit.verify;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/** One export line read as a JSON object, with accessors that name the line and member when something is amiss. */
record Line(Map<?, ?> members, int number) {

    static Line of(String text, int number) {
        Object value;
        try {
            value = Json.parse(text);
        } catch (IllegalArgumentException e) {
            throw notJson(number, e);
        }
        return of(value, number);
    }

    /**
     * The same line from its bytes, all of them ASCII: read without a copy as text, its long strings (base64) left
     * in the bytes until a member is asked for ({@link Json.AsciiText}).
     */
    static Line ofAscii(byte[] ascii, int number) {
        Object value;
        try {
            value = Json.parseAscii(ascii, true);
        } catch (IllegalArgumentException e) {
            throw notJson(number, e);
        }
        return of(value, number);
    }

    private static MalformedExportException notJson(int number, IllegalArgumentException e) {
        return new MalformedExportException("line " + number + " is not JSON: " + e.getMessage());
    }

    private static Line of(Object value, int number) {
        if (!(value instanceof Map<?, ?> map)) {
            throw new MalformedExportException("line " + number + " is not a JSON object");
        }
        return new Line(map, number);
    }

    /** A JSON string value as a String, whether the parser made one or left it in the line's bytes; else null. */
    private static String text(Object value) {
        return value instanceof String string ? string : value instanceof Json.AsciiText ascii ? ascii.toString() : null;
    }

    /** A JSON string value's base64, decoded; null when the value is not a string. */
    private static byte[] decodeBase64(Object value) {
        if (value instanceof Json.AsciiText ascii) {
            return ascii.base64();
        }
        return value instanceof String string ? Base64.getDecoder().decode(string) : null;
    }

    boolean has(String name) {
        return members.get(name) != null;
    }

    String string(String name) {
        String value = text(members.get(name));
        if (value == null) {
            throw wrong(name, "a string");
        }
        return value;
    }

    String optionalString(String name) {
        return text(members.get(name));
    }

    long integer(String name) {
        if (!(members.get(name) instanceof Long value)) {
            throw wrong(name, "a whole number");
        }
        return value;
    }

    byte[] base64(String name) {
        byte[] decoded;
        try {
            decoded = decodeBase64(members.get(name));
        } catch (IllegalArgumentException e) {
            throw wrong(name, "base64");
        }
        if (decoded == null) {
            throw wrong(name, "a string");
        }
        return decoded;
    }

    /** A list of base64 hashes, or null when the member is JSON null (the service could not build it). */
    List<byte[]> base64List(String name) {
        if (!members.containsKey(name)) {
            throw wrong(name, "a list of base64 hashes or null");
        }
        Object value = members.get(name);
        if (value == null) {
            return null;
        }
        if (!(value instanceof List<?> list)) {
            throw wrong(name, "a list of base64 hashes or null");
        }
        List<byte[]> hashes = new ArrayList<>(list.size());
        for (Object item : list) {
            byte[] hash;
            try {
                hash = decodeBase64(item);
            } catch (IllegalArgumentException e) {
                hash = null;
            }
            if (hash == null || hash.length != 32) {
                throw wrong(name, "a list of base64 32-byte hashes");
            }
            hashes.add(hash);
        }
        return hashes;
    }

    private MalformedExportException wrong(String name, String what) {
        return new MalformedExportException("line " + number + ": the member \"" + name + "\" must be " + what
                + (members.containsKey(name) ? "" : ", and is missing"));
    }

    /** A list of strings; an absent member is an empty list (older exports). */
    List<String> strings(String name) {
        Object value = members.get(name);
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof List<?> list) || !list.stream().allMatch(item -> text(item) != null)) {
            throw wrong(name, "a list of strings");
        }
        return list.stream().map(Line::text).toList();
    }

    /** A list of objects, each read as a line of its own; an absent member is an empty list (older exports). */
    List<Line> objects(String name) {
        Object value = members.get(name);
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof List<?> list) || !list.stream().allMatch(Map.class::isInstance)) {
            throw wrong(name, "a list of objects");
        }
        return list.stream().map(item -> new Line((Map<?, ?>) item, number)).toList();
    }
}
