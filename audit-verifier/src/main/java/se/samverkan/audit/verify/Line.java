package se.samverkan.audit.verify;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/** One export line read as a JSON object, with accessors that name the line and member when something is amiss. */
record Line(Map<?, ?> members, int number) {

    static Line of(String text, int number) {
        return of(text, null, number);
    }

    /** @param ascii null, or the text's bytes when all of them are ASCII (read faster, see {@link Json}) */
    static Line of(String text, byte[] ascii, int number) {
        Object value;
        try {
            value = Json.parse(text, ascii);
        } catch (IllegalArgumentException e) {
            throw new MalformedExportException("line " + number + " is not JSON: " + e.getMessage());
        }
        if (!(value instanceof Map<?, ?> map)) {
            throw new MalformedExportException("line " + number + " is not a JSON object");
        }
        return new Line(map, number);
    }

    boolean has(String name) {
        return members.get(name) != null;
    }

    String string(String name) {
        if (!(members.get(name) instanceof String value)) {
            throw wrong(name, "a string");
        }
        return value;
    }

    String optionalString(String name) {
        return members.get(name) instanceof String value ? value : null;
    }

    long integer(String name) {
        if (!(members.get(name) instanceof Long value)) {
            throw wrong(name, "a whole number");
        }
        return value;
    }

    byte[] base64(String name) {
        String value = string(name);
        try {
            return Base64.getDecoder().decode(value);
        } catch (IllegalArgumentException e) {
            throw wrong(name, "base64");
        }
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
                hash = item instanceof String text ? Base64.getDecoder().decode(text) : null;
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
        if (!(value instanceof List<?> list) || !list.stream().allMatch(String.class::isInstance)) {
            throw wrong(name, "a list of strings");
        }
        return list.stream().map(String.class::cast).toList();
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
