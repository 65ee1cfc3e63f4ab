-- The sweep of stored work (every 10 s) asks which jobs are due for a look at SDX: those whose
-- next check (not_before) has come. Only jobs still being watched have one, a handful, while
-- finished requests pile up; without an index on it the question read the whole table (about 40 ms
-- on a store of 100,000 requests, growing with it: docs/performance.md, item 24). This index holds
-- only requests with a next check, in the order they fall due.
CREATE INDEX change_request_check ON change_request (not_before) WHERE not_before IS NOT NULL;
