-- A subject's key may only be shredded while none of its cases is retained; keeping that fact next to the key lets
-- the delete itself check it, so a case opened for the subject at the same moment cannot lose its data.
ALTER TABLE keyvault.case_subject ADD COLUMN cleared_at timestamptz;
