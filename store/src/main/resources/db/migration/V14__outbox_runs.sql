-- Entries of one kind written by one transaction (a group commit of captures, a reaper batch
-- of deletions) are one row: it covers the sequence numbers first_seq to seq, with the
-- messages and their clients in order (ADR 12). A row for one entry keeps message_id and
-- client_id as before.
ALTER TABLE outbox ADD COLUMN first_seq BIGINT;
ALTER TABLE outbox ADD COLUMN message_ids BIGINT ARRAY;
ALTER TABLE outbox ADD COLUMN client_ids BIGINT ARRAY;
ALTER TABLE outbox ALTER COLUMN message_id DROP NOT NULL;
ALTER TABLE outbox ALTER COLUMN client_id DROP NOT NULL;
ALTER TABLE outbox ADD CONSTRAINT outbox_one_or_run CHECK (
    (message_ids IS NULL AND first_seq IS NULL AND client_ids IS NULL AND message_id IS NOT NULL AND client_id IS NOT NULL)
    OR (message_ids IS NOT NULL AND first_seq IS NOT NULL AND client_ids IS NOT NULL AND message_id IS NULL AND client_id IS NULL
        AND first_seq < seq));
