package se.samverkan.audit.verify;

import java.util.List;

/**
 * The export's JSON Lines format, shared by the service that writes it ({@code ExportWriter}) and this verifier: a
 * {@code header} line (format, scope, from, to, treeSize, the signed checkpoint note, municipality, filter), one line
 * per leaf of the range ({@code entry}: leafIndex, eventId, base64 bytes, inclusionProof; {@code omitted}:
 * leafIndex, base64 leafHash, inclusionProof), and an {@code end} line with the counts (entries, omitted).
 */
public final class ExportFormat {

    /** Written today: a contiguous range, every leaf listed in full or as omitted. */
    public static final String CURRENT = "samverkan-audit-export/2";
    /** Older files (scope filtered: entries only, no completeness), still read. */
    public static final String FORMAT_1 = "samverkan-audit-export/1";
    public static final List<String> READABLE = List.of(FORMAT_1, CURRENT);

    private ExportFormat() {
    }
}
