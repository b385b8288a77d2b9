-- Access to cases: who may see which, and who saw what. V4 (V3 is the back office's matters).
-- Portable SQL: runs on the embedded H2 and on PostgreSQL.

-- A case whose citizen has a protected identity is shown only to the configured roles. The flag is what the
-- register's searches filter on (the directory is asked again at read time); kept here so that it survives
-- a restart of every node.
ALTER TABLE call_case ADD COLUMN protected_identity BOOLEAN DEFAULT FALSE NOT NULL;

-- The audit log of case access: every read of a case, every search (which cases came back), every change;
-- who (staff id), when, from which address. Written in batches behind the requests (se.vaxel.audit.AuditLog);
-- an entry's id is made when it is recorded, so a batch written twice is stored once.
CREATE TABLE case_access (
    id          VARCHAR(36)              NOT NULL PRIMARY KEY,
    accessed_at TIMESTAMP WITH TIME ZONE NOT NULL,
    staff_id    VARCHAR(64)              NOT NULL,
    action      VARCHAR(16)              NOT NULL,
    outcome     VARCHAR(16)              NOT NULL,
    address     VARCHAR(64),
    detail      VARCHAR(4000)            NOT NULL,
    case_count  INTEGER                  NOT NULL
);

CREATE INDEX case_access_at ON case_access (accessed_at);
CREATE INDEX case_access_staff ON case_access (staff_id, accessed_at);

-- The cases one access concerned, in the order shown: "who has seen this case" is a look-up by case_id.
CREATE TABLE case_access_case (
    access_id VARCHAR(36) NOT NULL REFERENCES case_access (id),
    seq       INTEGER     NOT NULL,
    case_id   VARCHAR(64) NOT NULL,
    PRIMARY KEY (access_id, seq)
);

CREATE INDEX case_access_case_id ON case_access_case (case_id);
