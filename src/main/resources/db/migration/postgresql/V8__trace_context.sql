-- Tracing (README, "Tracing"): the W3C trace context (traceparent, tracestate) of the moment an
-- outbox entry was written, so that its delivery, on any replica and after a restart, continues the
-- trace of the command or click that caused it; and that of the job's submission to SDX, so that
-- SDX's callbacks (which carry no trace header) continue the approval's trace. Null when tracing was
-- off, and for everything written before this migration: such work gets a trace of its own.
ALTER TABLE outbox ADD COLUMN traceparent TEXT;
ALTER TABLE outbox ADD COLUMN tracestate TEXT;
ALTER TABLE change_request ADD COLUMN job_traceparent TEXT;
ALTER TABLE change_request ADD COLUMN job_tracestate TEXT;
