-- Compute: hosts, flavors (+ extra specs), keypairs, instances (+ metadata).
-- Portable SQL: runs unchanged on SQLite and PostgreSQL. Instants are BIGINT epoch milliseconds.

CREATE TABLE hosts (
    id                   VARCHAR(64)      PRIMARY KEY,
    name                 VARCHAR(255)     NOT NULL UNIQUE,
    uri                  TEXT             NOT NULL,
    enabled              BOOLEAN          NOT NULL DEFAULT TRUE,
    domain_type          VARCHAR(16)      NOT NULL,
    vcpus                INTEGER          NOT NULL,
    memory_mb            BIGINT           NOT NULL,
    disk_gb              BIGINT           NOT NULL,
    cpu_allocation_ratio DOUBLE PRECISION NOT NULL DEFAULT 4.0,
    ram_allocation_ratio DOUBLE PRECISION NOT NULL DEFAULT 1.0,
    disk_allocation_ratio DOUBLE PRECISION NOT NULL DEFAULT 1.0,
    updated_at           BIGINT           NOT NULL
);

CREATE TABLE flavors (
    id          VARCHAR(64)      PRIMARY KEY,
    name        VARCHAR(255)     NOT NULL UNIQUE,
    vcpus       INTEGER          NOT NULL,
    ram_mb      INTEGER          NOT NULL,
    disk_gb     INTEGER          NOT NULL,
    ephemeral_gb INTEGER         NOT NULL DEFAULT 0,
    swap_mb     INTEGER          NOT NULL DEFAULT 0,
    rxtx_factor DOUBLE PRECISION NOT NULL DEFAULT 1.0,
    is_public   BOOLEAN          NOT NULL DEFAULT TRUE,
    description TEXT,
    created_at  BIGINT           NOT NULL
);

CREATE TABLE flavor_extra_specs (
    flavor_id VARCHAR(64)  NOT NULL REFERENCES flavors (id) ON DELETE CASCADE,
    spec_key  VARCHAR(255) NOT NULL,
    value     TEXT         NOT NULL,
    PRIMARY KEY (flavor_id, spec_key)
);

CREATE TABLE keypairs (
    id          VARCHAR(64)  PRIMARY KEY,
    user_id     VARCHAR(64)  NOT NULL,
    name        VARCHAR(255) NOT NULL,
    type        VARCHAR(16)  NOT NULL,
    public_key  TEXT         NOT NULL,
    fingerprint VARCHAR(128) NOT NULL,
    created_at  BIGINT       NOT NULL,
    UNIQUE (user_id, name)
);

-- One row per server. The flavor is copied in (Nova embeds it too) so deleting a flavor
-- never changes a running server; 'claimed' says whether its resources count on its host.
CREATE TABLE instances (
    id            VARCHAR(36)  PRIMARY KEY,
    name          VARCHAR(255) NOT NULL,
    project_id    VARCHAR(64)  NOT NULL,
    user_id       VARCHAR(64)  NOT NULL,
    host_id       VARCHAR(64)  REFERENCES hosts (id),
    image_id      VARCHAR(64)  NOT NULL,
    flavor_id     VARCHAR(64)  NOT NULL,
    flavor_name   VARCHAR(255) NOT NULL,
    vcpus         INTEGER      NOT NULL,
    memory_mb     BIGINT       NOT NULL,
    disk_gb       BIGINT       NOT NULL,
    claimed       BOOLEAN      NOT NULL DEFAULT FALSE,
    key_name      VARCHAR(255),
    key_data      TEXT,
    user_data     TEXT,
    config_drive  BOOLEAN      NOT NULL DEFAULT FALSE,
    vm_state      VARCHAR(32)  NOT NULL,
    task_state    VARCHAR(32),
    power_state   INTEGER      NOT NULL DEFAULT 0,
    build_step    VARCHAR(32)  NOT NULL,
    fault_code    INTEGER,
    fault_message TEXT,
    fault_at      BIGINT,
    created_at    BIGINT       NOT NULL,
    updated_at    BIGINT       NOT NULL,
    launched_at   BIGINT,
    deleted       BOOLEAN      NOT NULL DEFAULT FALSE,
    deleted_at    BIGINT
);

CREATE INDEX instances_project ON instances (project_id, deleted);
CREATE INDEX instances_host ON instances (host_id, claimed);

CREATE TABLE instance_metadata (
    instance_id VARCHAR(36)  NOT NULL REFERENCES instances (id) ON DELETE CASCADE,
    meta_key    VARCHAR(255) NOT NULL,
    value       TEXT         NOT NULL,
    PRIMARY KEY (instance_id, meta_key)
);
