-- Telephony: each client's queue and overflow settings. Runs on PostgreSQL and on H2 in PostgreSQL mode.
-- A client without a row uses the server's default maximum wait and the CAPTURE overflow.
CREATE TABLE client_routing (
    client_id       BIGINT       PRIMARY KEY REFERENCES clients (id) ON DELETE CASCADE,
    max_wait_ms     BIGINT       NOT NULL CHECK (max_wait_ms > 0),
    overflow_action VARCHAR(16)  NOT NULL,
    overflow_target VARCHAR(200)
);
