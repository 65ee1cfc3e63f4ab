-- The outbox worker asks several times a second which open entries are due. Open entries are the
-- backlog, a handful, while delivered ones pile up with every request ever made: this index holds
-- only the open ones, in the order they fall due, so the question costs the same on a store of
-- a hundred requests and of a hundred thousand.
CREATE INDEX outbox_due ON outbox (next_attempt_at, id) WHERE delivered_at IS NULL AND failed_at IS NULL;
