package se.samverkan.audit.tlog;

import java.security.MessageDigest;
import java.util.Arrays;
import java.util.List;

/**
 * Checks many inclusion proofs against one tree size and root, each with exactly the answer of
 * {@link ProofVerifier#verifyInclusion}, but without hashing again what the previous proof already hashed.
 *
 * <p>Why this is exact, not an approximation: RFC 9162's walk (2.1.3.2) is a pure function of its state
 * {@code (fn, sn, r)} before each proof element, the elements still to come, and the root. This class keeps the states
 * of the last proof it walked and that proof's answer. When a new proof reaches a state equal to one of those (same
 * node {@code fn, sn}, same hash {@code r}, byte for byte) with the very same remaining elements (compared byte for
 * byte), the rest of its walk is the same computation on the same inputs, so its answer is that answer. Nothing is
 * assumed about the proofs being honest: a proof that differs anywhere in what is still to come, or a hash that
 * differs, is simply walked on. Neighbouring leaves share their path above their common ancestor, so over a whole
 * export in leaf order this costs about two hashes a proof instead of about log2(tree size) (20 at a million leaves).
 *
 * <p>One instance per thread: it holds a message digest and the previous walk, which refers to the arrays passed in
 * (so they must not be changed afterwards).
 */
public final class InclusionVerifier {

    /** A walk has at most 64 steps that do not end it: each shifts {@code sn} right at least once. */
    private static final int MAX_STATES = 66;

    private final long treeSize;
    private final byte[] root;
    private final MessageDigest sha = Rfc6962.sha256();

    // the previous walk: state k is (fn, sn, r) before element k of previousPath; its answer holds from every state
    private final long[] previousFn = new long[MAX_STATES];
    private final long[] previousSn = new long[MAX_STATES];
    private final byte[][] previousR = new byte[MAX_STATES][];
    private int previousStates;
    private List<byte[]> previousPath;
    private boolean previousAnswer;

    // the walk in progress
    private final long[] walkFn = new long[MAX_STATES];
    private final long[] walkSn = new long[MAX_STATES];
    private final byte[][] walkR = new byte[MAX_STATES][];

    private long hashes;

    public InclusionVerifier(long treeSize, byte[] root) {
        this.treeSize = treeSize;
        this.root = root.clone();
    }

    /** The same answer as {@code ProofVerifier.verifyInclusion(leafIndex, treeSize, leafHash, path, root)}. */
    public boolean verify(long leafIndex, byte[] leafHash, List<byte[]> path) {
        if (leafIndex < 0 || leafIndex >= treeSize) {
            return false;
        }
        long fn = leafIndex;
        long sn = treeSize - 1;
        byte[] r = leafHash;
        int size = path.size();
        int match = 0; // the previous walk's first state whose sn is not above this one's (sn only falls)
        int states = 0;
        // once the remaining elements differed at a shared state, the two walks part where the elements do and meet
        // again only if SHA-256 collides: the comparison stops (walking on is always right), which bounds the work a
        // crafted file can cause to one comparison of its elements
        boolean compare = previousPath != null;
        for (int k = 0; ; k++) {
            if (compare) {
                while (match < previousStates && previousSn[match] > sn) {
                    match++;
                }
                if (match < previousStates && previousSn[match] == sn && previousFn[match] == fn
                        && size - k == previousPath.size() - match && Arrays.equals(previousR[match], r)) {
                    if (sameElements(path, k, previousPath, match)) {
                        boolean answer = previousAnswer;
                        adopt(path, states, match);
                        return answer;
                    }
                    compare = false;
                }
            }
            walkFn[states] = fn;
            walkSn[states] = sn;
            walkR[states] = r;
            states++;
            if (k == size) {
                break;
            }
            byte[] p = path.get(k);
            if (sn == 0) {
                return remember(path, states, false);
            }
            if ((fn & 1) == 1 || fn == sn) {
                r = nodeHash(p, r);
                if ((fn & 1) == 0) {
                    while ((fn & 1) == 0 && fn != 0) {
                        fn >>>= 1;
                        sn >>>= 1;
                    }
                }
            } else {
                r = nodeHash(r, p);
            }
            fn >>>= 1;
            sn >>>= 1;
        }
        return remember(path, states, sn == 0 && MessageDigest.isEqual(r, root));
    }

    /** Node hashes computed so far (for tests and figures). */
    public long hashes() {
        return hashes;
    }

    private byte[] nodeHash(byte[] left, byte[] right) {
        hashes++;
        sha.update((byte) 0x01);
        sha.update(left);
        sha.update(right);
        return sha.digest();
    }

    private static boolean sameElements(List<byte[]> path, int from, List<byte[]> other, int otherFrom) {
        for (int i = from, j = otherFrom; i < path.size(); i++, j++) {
            if (!Arrays.equals(path.get(i), other.get(j))) {
                return false;
            }
        }
        return true;
    }

    /** The completed walk becomes the previous one. */
    private boolean remember(List<byte[]> path, int states, boolean answer) {
        System.arraycopy(walkFn, 0, previousFn, 0, states);
        System.arraycopy(walkSn, 0, previousSn, 0, states);
        System.arraycopy(walkR, 0, previousR, 0, states);
        previousStates = states;
        previousPath = path;
        previousAnswer = answer;
        return answer;
    }

    /**
     * A walk that joined the previous one at its state {@code match}: its own states, then the previous walk's from
     * there on, with this path (whose remaining elements equal the previous path's), become the previous walk, so the
     * next leaf, the nearest neighbour, is compared with this one.
     */
    private void adopt(List<byte[]> path, int states, int match) {
        int tail = previousStates - match;
        System.arraycopy(previousFn, match, previousFn, states, tail);
        System.arraycopy(previousSn, match, previousSn, states, tail);
        System.arraycopy(previousR, match, previousR, states, tail);
        System.arraycopy(walkFn, 0, previousFn, 0, states);
        System.arraycopy(walkSn, 0, previousSn, 0, states);
        System.arraycopy(walkR, 0, previousR, 0, states);
        previousStates = states + tail;
        previousPath = path;
    }
}
