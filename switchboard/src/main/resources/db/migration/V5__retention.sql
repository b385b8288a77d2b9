-- Retention of closed cases (se.vaxel.cases.CaseRetention): when a case was anonymised (null while it still
-- identifies the citizen), written from the case's timeline by the MapStore, and the indexes the retention's
-- batches select by. Portable SQL: runs on the embedded H2 and on PostgreSQL.
ALTER TABLE call_case ADD COLUMN anonymised_at TIMESTAMP WITH TIME ZONE;

CREATE INDEX call_case_to_anonymise ON call_case (anonymised_at, ended_at);
CREATE INDEX call_case_ended ON call_case (ended_at);
