-- Change requests, their SDX job, every status SDX reported, and the Slack outbox.
-- Times are epoch milliseconds so the same queries run on SQLite and PostgreSQL.

CREATE TABLE change_request (
    id                    VARCHAR(36)  NOT NULL PRIMARY KEY,
    code                  VARCHAR(16)  NOT NULL UNIQUE,
    team_id               VARCHAR(32),
    channel_id            VARCHAR(32)  NOT NULL,
    channel_name          VARCHAR(255),
    requester_id          VARCHAR(32)  NOT NULL,
    requester_name        VARCHAR(255),
    site_id               VARCHAR(64)  NOT NULL,
    site_name             VARCHAR(255),
    site_has_pulse        SMALLINT     NOT NULL,
    script                TEXT         NOT NULL,
    make_backup           SMALLINT     NOT NULL,
    express_execute       SMALLINT     NOT NULL,
    needs_acknowledgement SMALLINT     NOT NULL,
    state                 VARCHAR(20)  NOT NULL,
    approval_ts           VARCHAR(32),
    decided_by            VARCHAR(32),
    decided_at            BIGINT,
    notify_token_hash     VARCHAR(64)  UNIQUE,
    sdx_request_id        VARCHAR(64),
    idempotency_key       VARCHAR(64),
    sdx_target            VARCHAR(64),
    sdx_date              VARCHAR(64),
    job_id                VARCHAR(64),
    job_status            VARCHAR(32),
    job_status_rank       INTEGER      NOT NULL DEFAULT 0,
    failure               TEXT,
    created_at            BIGINT       NOT NULL,
    updated_at            BIGINT       NOT NULL
);

CREATE INDEX change_request_state ON change_request (state);

CREATE TABLE job_event (
    id          BIGSERIAL    PRIMARY KEY,
    request_id  VARCHAR(36)  NOT NULL REFERENCES change_request (id),
    status      VARCHAR(32)  NOT NULL,
    applied     SMALLINT     NOT NULL,
    payload     TEXT         NOT NULL,
    received_at BIGINT       NOT NULL
);

CREATE INDEX job_event_request ON job_event (request_id);

CREATE TABLE outbox (
    id              BIGSERIAL    PRIMARY KEY,
    request_id      VARCHAR(36)  NOT NULL REFERENCES change_request (id),
    kind            VARCHAR(32)  NOT NULL,
    payload         TEXT,
    attempts        INTEGER      NOT NULL DEFAULT 0,
    next_attempt_at BIGINT       NOT NULL,
    delivered_at    BIGINT,
    failed_at       BIGINT,
    last_error      TEXT,
    created_at      BIGINT       NOT NULL
);

CREATE INDEX outbox_open ON outbox (request_id, id) WHERE delivered_at IS NULL AND failed_at IS NULL;
