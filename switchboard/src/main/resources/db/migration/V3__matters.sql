-- The back office: matters transferred from the contact centre to a department, written behind the
-- replicated Hazelcast map; and the outbox of their exports to an external case-management system.
-- Portable SQL: runs on the embedded H2 and on PostgreSQL. The timeline is JSON text.
CREATE TABLE matter (
    id             VARCHAR(64)              NOT NULL PRIMARY KEY,
    department     VARCHAR(64)              NOT NULL,
    summary        VARCHAR(4000)            NOT NULL,
    caller_number  VARCHAR(32),
    citizen_id     VARCHAR(64),
    service        VARCHAR(64),
    status         VARCHAR(16)              NOT NULL,
    transferred_by VARCHAR(64)              NOT NULL,
    transferred_at TIMESTAMP WITH TIME ZONE NOT NULL,
    deadline       TIMESTAMP WITH TIME ZONE NOT NULL,
    officer        VARCHAR(64),
    feedback       VARCHAR(8000),
    closed_at      TIMESTAMP WITH TIME ZONE,
    timeline       VARCHAR(100000)          NOT NULL,
    updated_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    protected_identity BOOLEAN              NOT NULL
);

CREATE INDEX matter_open ON matter (status, department);
CREATE INDEX matter_citizen ON matter (citizen_id);
CREATE INDEX matter_number ON matter (caller_number);

-- Each export is a row until the external system acknowledges it (a 2xx); any node may deliver a due row,
-- after claiming it for a while (claimed_until), so two nodes never post the same row at once.
CREATE TABLE matter_export (
    id             VARCHAR(64)              NOT NULL PRIMARY KEY,
    matter_id      VARCHAR(64)              NOT NULL,
    event_type     VARCHAR(32)              NOT NULL,
    payload        VARCHAR(100000)          NOT NULL,
    created_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    attempts       INTEGER                  NOT NULL,
    next_attempt_at TIMESTAMP WITH TIME ZONE NOT NULL,
    claimed_until  TIMESTAMP WITH TIME ZONE,
    delivered_at   TIMESTAMP WITH TIME ZONE,
    last_error     VARCHAR(1000)
);

CREATE INDEX matter_export_due ON matter_export (delivered_at, next_attempt_at);
