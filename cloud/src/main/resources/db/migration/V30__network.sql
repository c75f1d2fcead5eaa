-- The default network per host, its subnet and the ports (MAC + fixed IP) of instances on it.
-- Portable SQL: runs unchanged on SQLite and PostgreSQL. Instants are BIGINT epoch milliseconds.

-- One row per libvirt network kvmstack manages on a host (for now only kvmstack-default).
-- id is a neutron-like UUID (also the libvirt network's UUID) so the network API can expose it later.
-- The host's name and URI are kept so a release can reach the host from the port alone.
CREATE TABLE networks (
    id              VARCHAR(64)  PRIMARY KEY,
    name            VARCHAR(255) NOT NULL,
    host_id         VARCHAR(64)  NOT NULL,
    host_name       VARCHAR(255) NOT NULL,
    host_uri        TEXT         NOT NULL,
    libvirt_network VARCHAR(255) NOT NULL,
    bridge          VARCHAR(15)  NOT NULL,
    created_at      BIGINT       NOT NULL,
    UNIQUE (host_id, libvirt_network)
);

-- An IPv4 subnet of a network. Fixed IPs are allocated from [allocation_start, allocation_end];
-- the rest of the subnet (above allocation_end) is dnsmasq's dynamic range for unknown clients.
CREATE TABLE subnets (
    id               VARCHAR(64)  PRIMARY KEY,
    network_id       VARCHAR(64)  NOT NULL REFERENCES networks (id) ON DELETE CASCADE,
    cidr             VARCHAR(64)  NOT NULL,
    gateway_ip       VARCHAR(64)  NOT NULL,
    allocation_start VARCHAR(64)  NOT NULL,
    allocation_end   VARCHAR(64)  NOT NULL,
    dns_servers      VARCHAR(255) NOT NULL,
    created_at       BIGINT       NOT NULL,
    UNIQUE (network_id, cidr)
);

-- A port: one NIC of one instance. MAC unique across the whole cloud, IP unique per network,
-- one port per (instance, NIC index); all three enforced here so concurrent allocations can
-- only lose a race, never both win it.
-- status: ALLOCATING (row written, DHCP reservation not yet confirmed), ACTIVE, RELEASING (the
-- instance let go; the host's reservation still has to be removed before MAC and IP are free).
CREATE TABLE ports (
    id          VARCHAR(64)  PRIMARY KEY,
    instance_id VARCHAR(64)  NOT NULL,
    port_index  INTEGER      NOT NULL,
    network_id  VARCHAR(64)  NOT NULL REFERENCES networks (id),
    subnet_id   VARCHAR(64)  NOT NULL REFERENCES subnets (id),
    mac         VARCHAR(17)  NOT NULL,
    ip          VARCHAR(64)  NOT NULL,
    status      VARCHAR(16)  NOT NULL,
    created_at  BIGINT       NOT NULL,
    CONSTRAINT ports_mac_unique UNIQUE (mac),
    CONSTRAINT ports_network_ip_unique UNIQUE (network_id, ip),
    CONSTRAINT ports_instance_index_unique UNIQUE (instance_id, port_index)
);

CREATE INDEX ports_instance_id ON ports (instance_id);
CREATE INDEX ports_status ON ports (status);
