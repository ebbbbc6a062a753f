-- The runtime role may INSERT into checkpoint_cosignatures (it collects the lines), so anyone holding its credentials
-- can store a line under a genuine witness's key. With one row per checkpoint and witness, such a line stored first
-- kept that witness's real cosignature of the checkpoint out for good: the service's insert met the key taken and did
-- nothing. Lines of one witness over one checkpoint now sit side by side, and audit-service reads only those that
-- verify under the witness's configured key (WitnessCosignatures), so a forged line is ignored, not in the way.
-- Grants are unchanged: the runtime role keeps SELECT and INSERT (V7), nothing else.
ALTER TABLE checkpoint_cosignatures DROP CONSTRAINT checkpoint_cosignatures_pkey;
ALTER TABLE checkpoint_cosignatures ADD PRIMARY KEY (tree_size, witness_key, signature_line);
