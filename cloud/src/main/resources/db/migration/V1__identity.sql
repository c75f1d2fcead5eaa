-- Identity: domains, projects, users, roles, role assignments, tokens.
-- Portable SQL: runs unchanged on SQLite and PostgreSQL. Instants are BIGINT epoch milliseconds.

CREATE TABLE domains (
    id          VARCHAR(64)  PRIMARY KEY,
    name        VARCHAR(255) NOT NULL UNIQUE,
    description TEXT         NOT NULL DEFAULT '',
    enabled     BOOLEAN      NOT NULL DEFAULT TRUE
);

CREATE TABLE projects (
    id          VARCHAR(64)  PRIMARY KEY,
    domain_id   VARCHAR(64)  NOT NULL REFERENCES domains (id),
    name        VARCHAR(255) NOT NULL,
    description TEXT         NOT NULL DEFAULT '',
    enabled     BOOLEAN      NOT NULL DEFAULT TRUE,
    created_at  BIGINT       NOT NULL,
    UNIQUE (domain_id, name)
);

CREATE TABLE users (
    id                 VARCHAR(64)  PRIMARY KEY,
    domain_id          VARCHAR(64)  NOT NULL REFERENCES domains (id),
    name               VARCHAR(255) NOT NULL,
    password_hash      VARCHAR(255) NOT NULL,
    enabled            BOOLEAN      NOT NULL DEFAULT TRUE,
    default_project_id VARCHAR(64)  REFERENCES projects (id) ON DELETE SET NULL,
    created_at         BIGINT       NOT NULL,
    UNIQUE (domain_id, name)
);

CREATE TABLE roles (
    id   VARCHAR(64)  PRIMARY KEY,
    name VARCHAR(255) NOT NULL UNIQUE
);

CREATE TABLE role_assignments (
    user_id    VARCHAR(64) NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    project_id VARCHAR(64) NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    role_id    VARCHAR(64) NOT NULL REFERENCES roles (id) ON DELETE CASCADE,
    PRIMARY KEY (user_id, project_id, role_id)
);

-- A token is stored only as the SHA-256 of its value: a copy of the database grants nothing.
CREATE TABLE tokens (
    token_hash VARCHAR(64)  PRIMARY KEY,
    audit_id   VARCHAR(64)  NOT NULL,
    user_id    VARCHAR(64)  NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    project_id VARCHAR(64)  REFERENCES projects (id) ON DELETE CASCADE,
    methods    VARCHAR(255) NOT NULL,
    issued_at  BIGINT       NOT NULL,
    expires_at BIGINT       NOT NULL,
    revoked    BOOLEAN      NOT NULL DEFAULT FALSE
);

CREATE INDEX tokens_expires_at ON tokens (expires_at);
CREATE INDEX tokens_user_id ON tokens (user_id);
