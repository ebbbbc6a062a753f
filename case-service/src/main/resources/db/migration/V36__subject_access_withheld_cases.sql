-- A subject access export leaves out a case whose stored history fails its authenticity check (V35): the case is not
-- loaded until an operator has dealt with the row. The export names it as withheld pending an integrity investigation,
-- and the request keeps which cases those were, so the supplementary export can be made once it is resolved.
-- The runtime role already has UPDATE on the table (V33).
ALTER TABLE subject_access_request ADD COLUMN cases_withheld_for_integrity uuid[];
