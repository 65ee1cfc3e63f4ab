-- Several bot instances on one database (PostgreSQL) must not do the same background work twice:
-- a lease says who works on an outbox entry or a request, and until when.
-- Submissions that may be retried remember their attempts and when to try again; polling for
-- missing callbacks remembers when a status last arrived.

ALTER TABLE outbox ADD COLUMN claimed_by VARCHAR(64);
ALTER TABLE outbox ADD COLUMN claimed_until BIGINT;

ALTER TABLE change_request ADD COLUMN submitted_at BIGINT;
ALTER TABLE change_request ADD COLUMN submit_attempts INTEGER NOT NULL DEFAULT 0;
ALTER TABLE change_request ADD COLUMN not_before BIGINT;
ALTER TABLE change_request ADD COLUMN last_status_at BIGINT;
ALTER TABLE change_request ADD COLUMN lease_owner VARCHAR(64);
ALTER TABLE change_request ADD COLUMN lease_until BIGINT;

-- Delivery pacing shared by all instances: the earliest time the next post to a channel may go.
CREATE TABLE channel_pace (
    channel_id   VARCHAR(32) NOT NULL PRIMARY KEY,
    next_post_at BIGINT      NOT NULL
);
