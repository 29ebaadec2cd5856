-- One-time links to set a password (new accounts created by an admin, and resets).
CREATE TABLE password_tokens (
    token_hash VARCHAR(64) PRIMARY KEY,
    user_id    BIGINT                   NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    expires_at TIMESTAMP WITH TIME ZONE NOT NULL
);
