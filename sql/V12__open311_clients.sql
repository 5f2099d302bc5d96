-- Client apps that may POST Open311 GeoReport v2 service requests (/open311/v2/requests.json).
-- Each app has its own API key; only the key's SHA-256 is stored, so a database dump does not reveal keys.
CREATE TABLE open311_client (
    id                   bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name                 text        NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    api_key_hash         text        NOT NULL UNIQUE CHECK (api_key_hash ~ '^[0-9a-f]{64}$'),
    enabled              boolean     NOT NULL DEFAULT true,
    requests_per_minute  integer     NOT NULL DEFAULT 60 CHECK (requests_per_minute BETWEEN 1 AND 10000),
    created_at           timestamptz NOT NULL DEFAULT now(),
    created_by           text        NOT NULL
);

COMMENT ON TABLE open311_client IS 'Open311 client apps; cases they create have created_by = ''open311:<id>'' and source citizen_app';
COMMENT ON COLUMN open311_client.api_key_hash IS 'lowercase hex SHA-256 of the UTF-8 API key; the key itself is shown once at creation and never stored';
COMMENT ON COLUMN open311_client.requests_per_minute IS 'POSTs per minute allowed to this client (token bucket per server instance)';
