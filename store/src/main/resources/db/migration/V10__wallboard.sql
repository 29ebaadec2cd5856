-- The wallboard counts each client's calls since the start of the day.
CREATE INDEX calls_started ON calls (started_at);
