package se.samverkan.audit.review;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;
import se.samverkan.audit.log.AuditProperties;
import se.samverkan.audit.log.KeyedSeal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Objects;
import java.util.UUID;

/**
 * The two keyed values a review decision is made with, each under a key of its own derived from the checkpoint signing
 * key (as {@link KeyedSeal} derives the seals' keys), which the database never holds:
 * <ul>
 * <li>the decision's event id. It was derived from the item alone ({@code review-decision/<item>}), so the runtime
 * role, which may INSERT into audit_entries, could write a row with that id before anyone decided: every real decision
 * of the item was then a duplicate of that row and answered 409 "decided by someone else" for as long as the row
 * stood. Keyed, nobody without the key can know it before the decision is appended, and two officers deciding at once
 * still produce the same id, so one entry and one 409.</li>
 * <li>the digest of the officer's comment that the decision's entry holds in place of the comment
 * ({@link ReviewComments}): it proves a comment shown later is the one written, and says nothing of the text to anyone
 * without the key (a digest without a key could be tested against guessed names and personnummer).</li>
 * </ul>
 */
@Component
public class DecisionKeys {

    private static final String ID_LABEL = "samverkan review decision id v1";
    private static final String COMMENT_LABEL = "samverkan review decision comment v1";

    private final KeyedSeal ids;
    private final KeyedSeal comments;

    @Autowired
    public DecisionKeys(AuditProperties properties) {
        this(Objects.requireNonNull(properties.signingKey(), "samverkan.audit.signing-key").getBytes(StandardCharsets.UTF_8));
    }

    public DecisionKeys(byte[] signingKey) {
        ids = new KeyedSeal(signingKey, ID_LABEL);
        comments = new KeyedSeal(signingKey, COMMENT_LABEL);
    }

    /** The event id of the decision on this item. */
    public UUID decisionId(UUID item) {
        return UUID.nameUUIDFromBytes(ids.seal(item));
    }

    /** Key tag and HMAC-SHA256 over the decision, its item and the comment ({@link KeyedSeal#LENGTH} bytes). */
    public byte[] commentDigest(UUID decisionId, UUID item, String comment) {
        return comments.seal(decisionId, item, comment);
    }

    /** False for a digest made under another signing key: this key cannot say whether a text is the one written. */
    boolean ofThisKey(byte[] digest) {
        return comments.ofThisKey(digest);
    }

    boolean commentMatches(byte[] digest, UUID decisionId, UUID item, String comment) {
        return comments.ofThisKey(digest) && MessageDigest.isEqual(digest, commentDigest(decisionId, item, comment));
    }
}
