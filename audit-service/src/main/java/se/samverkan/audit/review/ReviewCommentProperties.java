package se.samverkan.audit.review;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * How long an officer's comment on a review decision is kept ({@link ReviewComments}).
 *
 * @param commentKeep      {@code samverkan.audit.review.comment-keep}: from the decision to the comment's erasure. Two
 *                         years: the comment explains a decision while it can still be questioned — the municipality's
 *                         own follow-up of the reviews (yearly), a complaint from the person whose access was reviewed,
 *                         a supervisory authority's (IMY's) inquiry, which in practice come within a year or two of the
 *                         access — and after that it is free text about people, possibly naming them, that serves no one.
 *                         The decision itself (who, when, outcome, the comment's digest) stays in the log for good.
 * @param commentEraseEvery {@code samverkan.audit.review.comment-erase-every}: how often expired comments are erased
 */
@ConfigurationProperties("samverkan.audit.review")
public record ReviewCommentProperties(
        @DefaultValue("730d") Duration commentKeep,
        @DefaultValue("1h") Duration commentEraseEvery) {

    public ReviewCommentProperties {
        if (commentKeep.isNegative() || commentKeep.isZero()) {
            throw new IllegalArgumentException("samverkan.audit.review.comment-keep must be positive");
        }
    }
}
