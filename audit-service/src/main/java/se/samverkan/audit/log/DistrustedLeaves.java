package se.samverkan.audit.log;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * Leaves whose stored row the log does not vouch for, so that nothing read from their columns may count (a review
 * decision, above all): every leaf from {@code from} on (-1: none), which the sequencer refused to sign over
 * ({@link UnexpectedLeaves}: a leaf it did not write failed its check, and until an operator removes it and the
 * leaves after it, what follows is not signed either), and the single {@code leaves} in which the integrity pass
 * found bytes, producer signature or search columns not to be what was signed ({@link LogIntegrity}).
 *
 * @param leaves ascending
 * @param known  false until this process has looked at every leaf since it started (its first complete integrity
 *               pass, and the sequencer's check of the leaves after the latest checkpoint): what an earlier process
 *               found was in its memory only, so {@code from} is then the first leaf not looked at yet, and whether a
 *               new decision would follow a refused leaf is not known either; or, for a few leaves proven one by one
 *               ({@link LogIntegrity#distrustedAmong}), whether each of those is settled
 * @param proven ascending: leaves at or after {@code from} that were proven one by one to be what this log signed
 *               ({@link ProvenLeaves}), before the first pass reached them; they are not distrusted
 */
public record DistrustedLeaves(long from, long[] leaves, boolean known, long[] proven) {

    /** More single leaves than this are folded into {@code from}: the SQL stays short, and such a log is broken anyway. */
    static final int MAX_LISTED = 1000;

    public static final DistrustedLeaves NONE = new DistrustedLeaves(-1, new long[0]);

    public DistrustedLeaves(long from, long[] leaves) {
        this(from, leaves, true);
    }

    public DistrustedLeaves(long from, long[] leaves, boolean known) {
        this(from, leaves, known, new long[0]);
    }

    public DistrustedLeaves {
        leaves = leaves.clone();
        Arrays.sort(leaves);
        proven = proven.clone();
        Arrays.sort(proven);
        if (leaves.length > MAX_LISTED) {
            from = from < 0 ? leaves[0] : Math.min(from, leaves[0]);
            leaves = new long[0];
        }
        if (proven.length > MAX_LISTED) {
            // too many to name: not proven, as if none had been looked at
            proven = new long[0];
        }
    }

    public boolean any() {
        return from >= 0 || leaves.length > 0;
    }

    public boolean includes(long leaf) {
        return from >= 0 && leaf >= from && Arrays.binarySearch(proven, leaf) < 0 || Arrays.binarySearch(leaves, leaf) >= 0;
    }

    /**
     * SQL (with a space in front) that {@code column}, a leaf index, names none of these leaves; literal numbers only,
     * so it can be part of a statement's text.
     */
    public String sqlExcluding(String column) {
        StringBuilder sql = new StringBuilder();
        if (from >= 0 && proven.length > 0) {
            sql.append(" AND (").append(column).append(" < ").append(from).append(" OR ").append(column).append(" IN (")
                    .append(Arrays.stream(proven).mapToObj(Long::toString).collect(Collectors.joining(", "))).append("))");
        } else if (from >= 0) {
            sql.append(" AND ").append(column).append(" < ").append(from);
        }
        if (leaves.length > 0) {
            sql.append(" AND ").append(column).append(" NOT IN (")
                    .append(Arrays.stream(leaves).mapToObj(Long::toString).collect(Collectors.joining(", "))).append(')');
        }
        return sql.toString();
    }

    @Override
    public long[] leaves() {
        return leaves.clone();
    }

    @Override
    public long[] proven() {
        return proven.clone();
    }

    @Override
    public String toString() {
        return "DistrustedLeaves[from=" + from + ", leaves=" + Arrays.toString(leaves) + ", known=" + known
                + ", proven=" + Arrays.toString(proven) + "]";
    }
}
