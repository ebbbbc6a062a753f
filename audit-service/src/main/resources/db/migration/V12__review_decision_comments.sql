-- An officer's comment on a review decision is free text, and may name the person concerned, a personnummer or an
-- address. It was signed into the decision's log entry (review-decided.v1), which nothing can ever erase, and went
-- out with every export. From now on the entry (review-decided.v2) holds only a keyed digest of the comment (the key
-- derives from the checkpoint signing key, which the database never holds), and the text is kept here, where it can
-- be erased: audit-service erases it after samverkan.audit.review.comment-keep (ReviewComments).
--
-- Erasing is the one change allowed: the text set to null and the time of it recorded, every other column as it was.
-- No DELETE (the row says that a comment was written and when it was erased), no TRUNCATE, no other UPDATE, for
-- anyone, the owner included. A row whose text no longer matches the digest in the signed entry is not shown, so
-- inserting or (were it possible) rewriting a comment shows nothing false; the runtime role can only erase early.
CREATE TABLE review_decision_comments (
    id             uuid        PRIMARY KEY,
    -- the review-decided.v2 entry's event id; two officers deciding at once share it (only one entry is appended)
    decision_id    uuid        NOT NULL,
    review_item_id uuid        NOT NULL,
    -- a copy of what the signed entry holds, to find the row by; the text is checked against the entry's digest
    digest         bytea       NOT NULL CHECK (octet_length(digest) = 36),
    comment        text        CHECK (char_length(comment) <= 4000),
    written_at     timestamptz NOT NULL,
    erased_at      timestamptz,
    CHECK ((comment IS NULL) = (erased_at IS NOT NULL))
);
CREATE INDEX review_decision_comments_decision ON review_decision_comments (decision_id);
-- what the erasure job reads: the comments not yet erased, oldest first
CREATE INDEX review_decision_comments_unerased ON review_decision_comments (written_at) WHERE erased_at IS NULL;

CREATE FUNCTION only_erase_review_comment() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF OLD.comment IS NOT NULL AND NEW.comment IS NULL AND NEW.erased_at IS NOT NULL
       AND NEW.id = OLD.id AND NEW.decision_id = OLD.decision_id AND NEW.review_item_id = OLD.review_item_id
       AND NEW.digest = OLD.digest AND NEW.written_at = OLD.written_at THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'a review decision comment can only be erased: this % on % is not allowed', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege';
END;
$$;

CREATE TRIGGER review_decision_comments_only_erase BEFORE UPDATE ON review_decision_comments
    FOR EACH ROW EXECUTE FUNCTION only_erase_review_comment();
CREATE TRIGGER review_decision_comments_no_delete BEFORE DELETE ON review_decision_comments
    FOR EACH ROW EXECUTE FUNCTION reject_change();
CREATE TRIGGER review_decision_comments_no_truncate BEFORE TRUNCATE ON review_decision_comments
    FOR EACH STATEMENT EXECUTE FUNCTION reject_change();

REVOKE ALL ON review_decision_comments FROM PUBLIC;
GRANT SELECT, INSERT ON review_decision_comments TO ${runtime_role};
-- only the two columns an erasure sets (the trigger holds it to an erasure)
GRANT UPDATE (comment, erased_at) ON review_decision_comments TO ${runtime_role};
