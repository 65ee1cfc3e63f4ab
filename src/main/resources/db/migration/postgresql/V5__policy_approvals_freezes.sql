-- Change control: the rule that allowed a request, its distinct approvals (N of them needed), when
-- it expires, break-glass requests, an optional approvals channel with a pointer message in the
-- request's own channel, the policy's warnings shown with it; and change freezes.

ALTER TABLE change_request ADD COLUMN rule_name VARCHAR(255);
-- Comma-separated user ids of the approvals so far, in order; never the requester.
ALTER TABLE change_request ADD COLUMN approved_by TEXT;
ALTER TABLE change_request ADD COLUMN required_approvals INTEGER NOT NULL DEFAULT 1;
ALTER TABLE change_request ADD COLUMN expires_at BIGINT;
ALTER TABLE change_request ADD COLUMN emergency_reason TEXT;
ALTER TABLE change_request ADD COLUMN reason TEXT;
ALTER TABLE change_request ADD COLUMN approval_channel_id VARCHAR(32);
ALTER TABLE change_request ADD COLUMN pointer_ts VARCHAR(32);
-- JSON array of the policy's warnings for the script, shown on the approval message.
ALTER TABLE change_request ADD COLUMN warnings TEXT;

-- Requests from before this version approved with one click: they keep that.
UPDATE change_request SET approved_by = decided_by WHERE state NOT IN ('PENDING', 'REJECTED', 'CANCELLED')
    AND decided_by IS NOT NULL;

CREATE INDEX change_request_expiry ON change_request (state, expires_at);

CREATE TABLE change_freeze (
    id          BIGSERIAL    PRIMARY KEY,
    site_glob   VARCHAR(255) NOT NULL,
    reason      TEXT         NOT NULL,
    created_by  VARCHAR(32)  NOT NULL,
    created_at  BIGINT       NOT NULL,
    ends_at     BIGINT       NOT NULL,
    lifted_by   VARCHAR(32),
    lifted_at   BIGINT
);

CREATE INDEX change_freeze_active ON change_freeze (ends_at, lifted_at);
