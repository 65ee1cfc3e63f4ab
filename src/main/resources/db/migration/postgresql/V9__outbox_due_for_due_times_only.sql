-- The outbox worker's due question keeps, of the due entries, only the oldest open entry of each
-- request: for every candidate it looks up that request's open entries, which outbox_open (V1) is
-- there for. outbox_due (V7) held the same open entries under the same condition, so the lookup
-- could be answered from either index. The backlog is empty most of the time, so the statistics
-- usually say both indexes are empty, both then look free, and PostgreSQL would pick outbox_due and
-- read the whole backlog for every candidate: the question grew with the square of the backlog, a
-- backlog of a few thousand made every round of the worker tens of milliseconds slower, and the
-- backlog grew faster still (docs/performance.md, item 24). Its condition now also names
-- next_attempt_at, which only the due question itself constrains (a comparison on a column implies
-- that it is not null; the lookup by request says nothing about it): the lookup has one index left,
-- the one made for it.
DROP INDEX outbox_due;
CREATE INDEX outbox_due ON outbox (next_attempt_at, id)
    WHERE delivered_at IS NULL AND failed_at IS NULL AND next_attempt_at IS NOT NULL;
