-- The case register: one row per contact (a citizen's call), written behind the replicated Hazelcast map.
-- Portable SQL: runs on the embedded H2 and on PostgreSQL. The timeline is JSON text.
CREATE TABLE call_case (
    id            VARCHAR(64)              NOT NULL PRIMARY KEY,
    caller_number VARCHAR(32),
    citizen_id    VARCHAR(64),
    service       VARCHAR(64),
    outcome       VARCHAR(16)              NOT NULL,
    agent         VARCHAR(64),
    arrived_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    answered_at   TIMESTAMP WITH TIME ZONE,
    ended_at      TIMESTAMP WITH TIME ZONE,
    wait_seconds  DOUBLE PRECISION,
    talk_seconds  DOUBLE PRECISION,
    category      VARCHAR(128),
    notes         VARCHAR(8000),
    resolution    VARCHAR(32),
    department    VARCHAR(64),
    timeline      VARCHAR(100000)          NOT NULL,
    updated_at    TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE INDEX call_case_arrived ON call_case (arrived_at);
CREATE INDEX call_case_number ON call_case (caller_number);
CREATE INDEX call_case_service ON call_case (service, arrived_at);
