-- Callbacks (virtual hold): a citizen who chose to be called back keeps their place across a restart.
-- Portable SQL: runs on the embedded H2 and on PostgreSQL.
CREATE TABLE callback (
    id           VARCHAR(64)              NOT NULL PRIMARY KEY,
    from_call    VARCHAR(64)              NOT NULL,
    service      VARCHAR(64)              NOT NULL,
    number       VARCHAR(32)              NOT NULL,
    queued_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    requested_at TIMESTAMP WITH TIME ZONE NOT NULL,
    status       VARCHAR(16)              NOT NULL,
    attempts     INTEGER                  NOT NULL,
    next_attempt TIMESTAMP WITH TIME ZONE,
    last_result  VARCHAR(16),
    updated_at   TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE INDEX callback_status_updated ON callback (status, updated_at);
CREATE INDEX callback_number ON callback (number);
