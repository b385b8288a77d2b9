-- Access to cases: who may see which, and who saw what. V4 (V3 is the back office's matters).
-- Portable SQL: runs on the embedded H2 and on PostgreSQL.

-- A case whose citizen has a protected identity is shown only to the configured roles. The flag is what the
-- register's searches filter on (the directory is asked again at read time); kept here so that it survives
-- a restart of every node.
ALTER TABLE call_case ADD COLUMN protected_identity BOOLEAN DEFAULT FALSE NOT NULL;
