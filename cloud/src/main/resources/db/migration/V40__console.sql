-- Console access tokens: short-lived, single use. Only the SHA-256 of a token is stored, so a copy of the
-- database opens no console. Portable SQL (SQLite and PostgreSQL); instants are BIGINT epoch milliseconds.
CREATE TABLE console_tokens (
    token_hash   VARCHAR(64)  PRIMARY KEY,
    instance_id  VARCHAR(36)  NOT NULL,
    project_id   VARCHAR(64)  NOT NULL,
    console_type VARCHAR(16)  NOT NULL,
    issued_at    BIGINT       NOT NULL,
    expires_at   BIGINT       NOT NULL
);

CREATE INDEX console_tokens_expires_at ON console_tokens (expires_at);
