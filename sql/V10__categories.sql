-- Case category taxonomy and responsibility list (权责清单): departments, top categories and
-- sub-categories. Seeded at start-up from data/categories/*.json by TaxonomyLoader, edited through
-- the admin API. source = 'data-file' while a row is as the loader wrote it, 'admin' once an admin
-- edited or created it (the loader never touches those again). version grows by one with every
-- change (optimistic concurrency: the API's ETag).

CREATE TABLE department (
    code         text        PRIMARY KEY CHECK (code ~ '^[a-z][a-z0-9_]{1,39}$'),
    name_zh      text        NOT NULL CHECK (length(name_zh) BETWEEN 1 AND 50),
    level        text        NOT NULL CHECK (level IN ('district', 'street', 'unit')),
    description  text        NOT NULL DEFAULT '' CHECK (length(description) <= 500),
    active       boolean     NOT NULL DEFAULT true,
    version      integer     NOT NULL DEFAULT 1 CHECK (version >= 1),
    source       text        NOT NULL CHECK (source IN ('data-file', 'admin')),
    updated_by   text        NOT NULL,
    updated_at   timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE top_category (
    code         text        PRIMARY KEY CHECK (code ~ '^[A-Z]{2,8}$'),
    name_zh      text        NOT NULL CHECK (length(name_zh) BETWEEN 1 AND 50),
    description  text        NOT NULL DEFAULT '' CHECK (length(description) <= 500),
    replies      jsonb       NOT NULL DEFAULT '{}'::jsonb CHECK (jsonb_typeof(replies) = 'object'),
    sort_order   integer     NOT NULL,
    version      integer     NOT NULL DEFAULT 1 CHECK (version >= 1),
    source       text        NOT NULL CHECK (source IN ('data-file', 'admin')),
    updated_by   text        NOT NULL,
    updated_at   timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE category (
    code                 text        PRIMARY KEY CHECK (code ~ '^[A-Z]{2,8}-[0-9]{2,3}$'),
    top_code             text        NOT NULL REFERENCES top_category (code),
    name_zh              text        NOT NULL CHECK (length(name_zh) BETWEEN 1 AND 50),
    description          text        NOT NULL DEFAULT '' CHECK (length(description) <= 500),
    deadline_amount      integer     NOT NULL CHECK (deadline_amount BETWEEN 1 AND 1000),
    deadline_unit        text        NOT NULL CHECK (deadline_unit IN ('working_hours', 'working_days', 'calendar_hours')),
    self_handle          boolean     NOT NULL,
    urgency              text        NOT NULL CHECK (urgency IN ('normal', 'urgent', 'critical')),
    location_required    boolean     NOT NULL,
    street_department    text        NOT NULL REFERENCES department (code),
    district_department  text        NOT NULL REFERENCES department (code),
    keywords             jsonb       NOT NULL DEFAULT '[]'::jsonb CHECK (jsonb_typeof(keywords) = 'array'),
    replies              jsonb       NOT NULL DEFAULT '{}'::jsonb CHECK (jsonb_typeof(replies) = 'object'),
    active               boolean     NOT NULL DEFAULT true,
    sort_order           integer     NOT NULL,
    version              integer     NOT NULL DEFAULT 1 CHECK (version >= 1),
    source               text        NOT NULL CHECK (source IN ('data-file', 'admin')),
    updated_by           text        NOT NULL,
    updated_at           timestamptz NOT NULL DEFAULT now(),
    CHECK (starts_with(code, top_code || '-'))
);

CREATE INDEX category_top ON category (top_code, sort_order);
CREATE INDEX category_street_department ON category (street_department);
CREATE INDEX category_district_department ON category (district_department);

COMMENT ON TABLE category IS 'Sub-categories of cases with their line of the responsibility list; code = Open311 service_code';
COMMENT ON COLUMN category.street_department IS 'department handling it when dispatched by a street (level-1 grid) platform';
COMMENT ON COLUMN category.district_department IS 'department handling it when dispatched by the district platform';
COMMENT ON COLUMN category.replies IS 'own canned replies by workflow state; missing states fall back to top_category.replies';
