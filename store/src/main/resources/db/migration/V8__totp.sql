-- Optional TOTP second factor (RFC 6238): the active secret, one being enrolled, and the last
-- time step used, so a code works once.
ALTER TABLE users ADD COLUMN totp_secret VARCHAR(64);
ALTER TABLE users ADD COLUMN totp_pending_secret VARCHAR(64);
ALTER TABLE users ADD COLUMN totp_last_step BIGINT DEFAULT 0 NOT NULL;
