-- The effect figures take a forwarded report's facts back by its keyed ref (issue 15): found by index, not by a scan.
CREATE INDEX effect_fact_ref ON effect_fact (ref_key) WHERE ref_key IS NOT NULL;
