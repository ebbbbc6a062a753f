-- Issue 15 leftovers.
--
-- Feedback to the reporter withheld (SoL 14 kap. 1 b §: feedback is given "om det inte är olämpligt"): the case's team
-- decides, per report on its case, with a reason code (FeedbackWithholdingReason), that the reporter is told nothing
-- beyond "received". One row per decision; lifting it sets lifted_* and keeps the row, so the history stays. Ids and
-- codes only. Each decision is an access event too (WITHHOLD_REPORTER_FEEDBACK), which is what audit-service keeps.
CREATE TABLE reporter_feedback_withholding (
    withholding_id uuid        PRIMARY KEY,
    report_id      uuid        NOT NULL,
    case_id        uuid        NOT NULL,
    reason_code    text        NOT NULL,
    withheld_by    text        NOT NULL,
    withheld_at    timestamptz NOT NULL,
    lifted_by      text,
    lifted_at      timestamptz,
    CHECK ((lifted_by IS NULL) = (lifted_at IS NULL))
);
-- at most one decision in force per report and case
CREATE UNIQUE INDEX reporter_feedback_withholding_in_force ON reporter_feedback_withholding (report_id, case_id)
    WHERE lifted_at IS NULL;
CREATE INDEX reporter_feedback_withholding_report ON reporter_feedback_withholding (report_id);

-- Catalogue tamper check. Each version appended by the service carries a seal: an HMAC, under a key only the service
-- holds (derived from its subject-pseudonym key, never in the database), over the version's stored content and the
-- seal of the version before it (a chain). A version inserted into the table by hand — by a superuser bypassing the
-- API, its access check and its audit — has no valid seal, and every version after a broken link is unverified:
-- nothing is disclosed on an unverified legal-basis catalogue, and GET /api/legal-bases says so.
ALTER TABLE catalogue_version ADD COLUMN seal text;

-- The versions that existed before seals did (a version at or below these, without a seal, is "from before the
-- tamper check", accepted as it was; the first sealed version after it chains over its content and anchors it).
CREATE TABLE catalogue_seal_baseline (
    catalogue    text    NOT NULL,
    municipality text    NOT NULL,
    version      integer NOT NULL,
    PRIMARY KEY (catalogue, municipality)
);
INSERT INTO catalogue_seal_baseline (catalogue, municipality, version)
SELECT catalogue, municipality, max(version) FROM catalogue_version GROUP BY catalogue, municipality;
