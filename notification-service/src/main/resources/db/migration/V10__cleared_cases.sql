-- Cases whose personal data case-service cleared (CaseDataCleared, gallring). The event deletes the case's route
-- (case_routes), and a case without a route was also what a case not routed yet looks like (an event ahead of its
-- CaseOpened): a mail waiting about a cleared case was held to no unit and still went out. The mail dispatcher cancels
-- every mail about a case listed here (case-cleared) and still sends one about a case that is merely not routed yet.
-- Only the case id is kept, never anything about its subject; a case is never un-cleared, so the runtime role may add
-- rows and read them, and nothing else.
CREATE TABLE cleared_cases (
    case_id    uuid        PRIMARY KEY,
    cleared_at timestamptz NOT NULL DEFAULT now()
);

-- Cases cleared before this table: a route is deleted only when a case's data is cleared, and every CASE_OPENED or
-- CASE_ASSIGNED item was written in the transaction that upserted its case's route. So a case with such an item and
-- no route was cleared. (One cleared before with no such item left cannot be told from one not routed yet.)
INSERT INTO cleared_cases (case_id)
SELECT DISTINCT n.case_id FROM notifications n
WHERE n.kind IN ('CASE_OPENED', 'CASE_ASSIGNED') AND n.case_id IS NOT NULL
  AND NOT EXISTS (SELECT 1 FROM case_routes r WHERE r.case_id = n.case_id);

GRANT SELECT ON cleared_cases TO ${runtime_role};
GRANT INSERT (case_id) ON cleared_cases TO ${runtime_role};
