package se.samverkan.cases.access;

import java.util.Optional;
import java.util.Set;

/**
 * What counts as a written break-glass reason: real text a compliance officer can read afterwards. Blank padding,
 * invisible characters (zero-width spaces, joiners, direction marks, Hangul fillers) or control characters would make
 * a reason that satisfies a length check and says nothing, so they are refused rather than stripped.
 */
public final class BreakGlassReason {

    public static final int MIN_LENGTH = 15;
    public static final int MIN_LETTERS = 10;
    public static final int MAX_LENGTH = 500;

    /** Letters by their Unicode category that render as nothing at all. */
    private static final Set<Integer> INVISIBLE_LETTERS = Set.of(0x115F, 0x1160, 0x3164, 0xFFA0, 0x2800, 0x180E);

    private BreakGlassReason() {
    }

    public static boolean isAcceptable(String text) {
        return problem(text).isEmpty();
    }

    /** Why the text is not a reason, in words the caller can act on; empty when it is one. */
    public static Optional<String> problem(String text) {
        if (text == null) {
            return Optional.of("no reason was given");
        }
        String reason = normalized(text);
        int length = reason.codePointCount(0, reason.length());
        if (length > MAX_LENGTH) {
            return Optional.of("the reason is longer than " + MAX_LENGTH + " characters");
        }
        int letters = 0;
        for (int i = 0; i < reason.length(); ) {
            int cp = reason.codePointAt(i);
            i += Character.charCount(cp);
            if (invisible(cp)) {
                return Optional.of("the reason contains invisible or control characters (such as zero-width spaces); write it as plain text");
            }
            if (Character.isLetter(cp)) {
                letters++;
            }
        }
        if (length < MIN_LENGTH || letters < MIN_LETTERS) {
            return Optional.of("write a reason of at least " + MIN_LENGTH + " characters with at least " + MIN_LETTERS + " letters");
        }
        return Optional.empty();
    }

    /** The reason as it is kept: without leading and trailing spaces of any kind (no-break spaces included). */
    public static String normalized(String text) {
        if (text == null) {
            return null;
        }
        int start = 0;
        int end = text.length();
        while (start < end && blank(text.codePointAt(start))) {
            start += Character.charCount(text.codePointAt(start));
        }
        while (end > start && blank(text.codePointBefore(end))) {
            end -= Character.charCount(text.codePointBefore(end));
        }
        return text.substring(start, end);
    }

    private static boolean blank(int cp) {
        return Character.isWhitespace(cp) || Character.isSpaceChar(cp);
    }

    private static boolean invisible(int cp) {
        if (INVISIBLE_LETTERS.contains(cp)) {
            return true;
        }
        return switch (Character.getType(cp)) {
            case Character.CONTROL, Character.FORMAT, Character.PRIVATE_USE, Character.SURROGATE, Character.UNASSIGNED,
                 Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR -> true;
            default -> false;
        };
    }
}
