-- The history (se.vaxel.history): each finished local day's counts per service queue, computed from the cases
-- of that day and kept here, so that they outlive the cases' retention (anonymised or deleted after N days).
-- One row per (day, queue), written by an idempotent upsert: a day computed again gives the same row.
-- Portable SQL: runs on the embedded H2 and on PostgreSQL ("day" is a keyword in H2, hence local_day).
CREATE TABLE queue_day (
    local_day                  DATE                     NOT NULL,
    queue                      VARCHAR(64)              NOT NULL,
    offered                    BIGINT                   NOT NULL,
    answered                   BIGINT                   NOT NULL,
    answered_within_target     BIGINT                   NOT NULL,
    abandoned                  BIGINT                   NOT NULL,
    abandoned_short            BIGINT                   NOT NULL,
    callbacks_booked           BIGINT                   NOT NULL,
    callbacks_completed        BIGINT                   NOT NULL,
    transferred_to_back_office BIGINT                   NOT NULL,
    resolved_first_contact     BIGINT                   NOT NULL,
    resolutions_recorded       BIGINT                   NOT NULL,
    wait_answered_seconds      DOUBLE PRECISION         NOT NULL,
    talk_seconds               DOUBLE PRECISION         NOT NULL,
    after_call_seconds         DOUBLE PRECISION         NOT NULL,
    -- what "within target" and "short abandon" meant when the day was computed (the catalogue may change later)
    target_seconds             DOUBLE PRECISION         NOT NULL,
    short_abandon_seconds      DOUBLE PRECISION         NOT NULL,
    computed_at                TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (local_day, queue)
);
