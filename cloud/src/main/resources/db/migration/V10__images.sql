-- Images (Glance v2) and the per-host image cache.
-- Portable SQL: runs unchanged on SQLite and PostgreSQL. Instants are BIGINT epoch milliseconds.

CREATE TABLE images (
    id               VARCHAR(64)  PRIMARY KEY,
    name             VARCHAR(255),
    disk_format      VARCHAR(16),
    container_format VARCHAR(16),
    status           VARCHAR(16)  NOT NULL,
    visibility       VARCHAR(16)  NOT NULL,
    protected        BOOLEAN      NOT NULL DEFAULT FALSE,
    owner            VARCHAR(64),
    min_disk         INTEGER      NOT NULL DEFAULT 0,
    min_ram          INTEGER      NOT NULL DEFAULT 0,
    size             BIGINT,
    virtual_size     BIGINT,
    checksum         VARCHAR(32),
    os_hash_algo     VARCHAR(16),
    os_hash_value    VARCHAR(128),
    -- Not a Glance field: the content address of the bytes, naming the cached copy on each host.
    sha256           VARCHAR(64),
    created_at       BIGINT       NOT NULL,
    updated_at       BIGINT       NOT NULL
);

CREATE INDEX images_owner ON images (owner);
CREATE INDEX images_status ON images (status);

CREATE TABLE image_tags (
    image_id VARCHAR(64)  NOT NULL REFERENCES images (id) ON DELETE CASCADE,
    tag      VARCHAR(255) NOT NULL,
    PRIMARY KEY (image_id, tag)
);

-- Extra properties: the top-level keys of an image that are not Glance's own fields.
CREATE TABLE image_properties (
    image_id VARCHAR(64)  NOT NULL REFERENCES images (id) ON DELETE CASCADE,
    name     VARCHAR(255) NOT NULL,
    value    TEXT         NOT NULL,
    PRIMARY KEY (image_id, name)
);

-- Base images cached on hosts, one volume per (host, content checksum, format). Only a row in state
-- 'complete' vouches for its volume: a volume without one is a leftover of an interrupted upload.
-- host_key is the libvirt URI the controller reaches the host by (hosts have no table of their own yet).
CREATE TABLE host_images (
    host_key   VARCHAR(512) NOT NULL,
    sha256     VARCHAR(64)  NOT NULL,
    format     VARCHAR(16)  NOT NULL,
    volume     VARCHAR(255) NOT NULL,
    size       BIGINT       NOT NULL,
    state      VARCHAR(16)  NOT NULL,
    updated_at BIGINT       NOT NULL,
    PRIMARY KEY (host_key, sha256, format)
);
