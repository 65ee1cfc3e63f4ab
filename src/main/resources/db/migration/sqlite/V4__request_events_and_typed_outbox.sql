-- The audit trail: every event of a request, appended in the same transaction as the state change
-- it records, never updated or deleted (the triggers below refuse both). Replaces job_event, whose
-- rows are carried over. The outbox now carries typed notices (JSON) instead of rendered text.

ALTER TABLE change_request ADD COLUMN enterprise_id VARCHAR(32);

CREATE TABLE request_event (
    id          INTEGER      PRIMARY KEY AUTOINCREMENT,
    request_id  VARCHAR(36)  NOT NULL REFERENCES change_request (id),
    site_id     VARCHAR(64)  NOT NULL,
    kind        VARCHAR(40)  NOT NULL,
    actor       VARCHAR(64)  NOT NULL,
    from_state  VARCHAR(20),
    to_state    VARCHAR(20),
    details     TEXT         NOT NULL,
    occurred_at BIGINT       NOT NULL
);

CREATE INDEX request_event_request ON request_event (request_id, id);
CREATE INDEX request_event_site ON request_event (site_id, occurred_at);
CREATE INDEX request_event_actor ON request_event (actor, occurred_at);
CREATE INDEX request_event_time ON request_event (occurred_at, id);

-- What the store already knew, in the order it happened.
INSERT INTO request_event (request_id, site_id, kind, actor, from_state, to_state, details, occurred_at)
    SELECT id, site_id, 'CREATED', requester_id, NULL, 'PENDING', '{"migrated":true}', created_at
    FROM change_request ORDER BY created_at;
INSERT INTO request_event (request_id, site_id, kind, actor, from_state, to_state, details, occurred_at)
    SELECT id, site_id, CASE WHEN state = 'REJECTED' THEN 'REJECTED' ELSE 'APPROVED' END, decided_by, 'PENDING',
           CASE WHEN state = 'REJECTED' THEN 'REJECTED' ELSE 'APPROVED' END, '{"migrated":true}', decided_at
    FROM change_request WHERE decided_by IS NOT NULL AND decided_at IS NOT NULL ORDER BY decided_at;
INSERT INTO request_event (request_id, site_id, kind, actor, from_state, to_state, details, occurred_at)
    SELECT j.request_id, r.site_id, 'JOB_STATUS', 'sdx', NULL, NULL,
           json_object('status', j.status, 'applied', json(CASE WHEN j.applied = 1 THEN 'true' ELSE 'false' END),
                       'body', j.payload, 'migrated', json('true')),
           j.received_at
    FROM job_event j JOIN change_request r ON r.id = j.request_id ORDER BY j.id;

DROP TABLE job_event;

CREATE TRIGGER request_event_no_update BEFORE UPDATE ON request_event
BEGIN
    SELECT RAISE(ABORT, 'request_event is append-only');
END;

CREATE TRIGGER request_event_no_delete BEFORE DELETE ON request_event
BEGIN
    SELECT RAISE(ABORT, 'request_event is append-only');
END;

UPDATE outbox SET kind = 'approval_message', payload = '{"type":"approval_message"}' WHERE kind = 'APPROVAL_MESSAGE';
UPDATE outbox SET kind = 'approval_refresh', payload = '{"type":"approval_refresh"}' WHERE kind = 'APPROVAL_UPDATE';
UPDATE outbox SET kind = 'legacy_thread_reply', payload = json_object('type', 'legacy_thread_reply', 'text', payload)
    WHERE kind = 'THREAD_REPLY';

-- Call budgets shared by all instances (SDX's requests per minute per key): the earliest time the
-- next call may go, in the generic cell rate algorithm.
CREATE TABLE rate_budget (
    name         VARCHAR(64) NOT NULL PRIMARY KEY,
    next_free_at BIGINT      NOT NULL
);
