-- Things (city components 部件), shops and organisations (service points), the party organisation tree
-- (区委 → 街道党工委 → 社区党委 → 网格党支部 → 楼院党小组 → 党员联系户), party members (在职党员报到),
-- volunteer tasks (抢任务挣积分) and the five-star branch rating's weights (五星支部).
-- A compound (小区/楼院) is (district_code, building.compound): no table of compounds here.

-- City components: point layers with a status, linked to the micro grid holding them.
CREATE TABLE component (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    district_code  char(6)     NOT NULL,
    code           text        NOT NULL UNIQUE CHECK (code ~ '^[0-9A-Za-z_.:-]{1,64}$'),
    kind           text        NOT NULL CHECK (kind IN ('camera', 'hydrant', 'manhole', 'street_light', 'ebike_charger')),
    name           text        CHECK (length(name) <= 200),
    status         text        NOT NULL CHECK (status IN ('normal', 'fault', 'offline', 'maintenance')),
    -- Cameras only: the video-AI alarm kinds the camera raises (占道经营, 垃圾满溢, 人群聚集 …).
    ai_alarms      text[]      NOT NULL DEFAULT '{}',
    owner          text        CHECK (length(owner) <= 200),
    micro_code     text,
    generated      boolean     NOT NULL,
    updated_at     timestamptz NOT NULL DEFAULT now(),
    geom           geometry(Point, 4326) NOT NULL,
    CHECK (kind = 'camera' OR ai_alarms = '{}')
);
COMMENT ON TABLE component IS 'City components (部件), EPSG:4326; micro_code = current micro grid covering the point, re-linked on boundary change';
CREATE INDEX component_geom ON component USING gist (geom);
CREATE INDEX component_micro ON component (micro_code);
CREATE INDEX component_kind ON component (kind);

-- Shops, services, social organisations and companies (for the 15-minute service circle).
CREATE TABLE service_point (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    district_code  char(6)     NOT NULL,
    code           text        NOT NULL UNIQUE CHECK (code ~ '^[0-9A-Za-z_.:-]{1,64}$'),
    category       text        NOT NULL CHECK (category IN ('shop', 'service', 'social_org', 'company')),
    kind           text        NOT NULL CHECK (kind ~ '^[a-z_]{1,32}$'),
    name           text        NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    micro_code     text,
    generated      boolean     NOT NULL,
    updated_at     timestamptz NOT NULL DEFAULT now(),
    geom           geometry(Point, 4326) NOT NULL
);
CREATE INDEX service_point_geom ON service_point USING gist (geom);
CREATE INDEX service_point_geog ON service_point USING gist ((geom::geography));
CREATE INDEX service_point_micro ON service_point (micro_code);

-- Cases may name the component they are about.
ALTER TABLE case_record ADD COLUMN component_id bigint REFERENCES component (id);

-- The party organisation tree. grid_code: the grid the organisation sits on (district, l1, l2, l3);
-- a compound party group sits on a compound (district_code, compound) instead.
CREATE TABLE party_org (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    parent_id      bigint REFERENCES party_org (id),
    level          text        NOT NULL CHECK (level IN ('district_committee', 'street_working_committee',
                                                         'community_committee', 'grid_branch', 'compound_group')),
    name           text        NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    district_code  char(6)     NOT NULL,
    grid_code      text,
    compound       text        CHECK (length(compound) <= 200),
    founded_on     date,
    generated      boolean     NOT NULL,
    geom           geometry(Point, 4326),
    CHECK ((level = 'compound_group') = (compound IS NOT NULL)),
    CHECK (level = 'compound_group' OR grid_code IS NOT NULL),
    CHECK (level = 'district_committee' OR parent_id IS NOT NULL)
);
CREATE UNIQUE INDEX party_org_compound ON party_org (district_code, compound) WHERE level = 'compound_group';
CREATE UNIQUE INDEX party_org_grid ON party_org (grid_code) WHERE level <> 'compound_group';
CREATE INDEX party_org_parent ON party_org (parent_id);
CREATE INDEX party_org_geom ON party_org USING gist (geom);

-- Party members. Personal fields (name, phone) leave the server only masked unless the role allows.
-- in_service: 在职党员, registered (报到) to the grid they live in on registered_on.
CREATE TABLE party_member (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name           text        NOT NULL CHECK (length(name) BETWEEN 1 AND 50),
    phone          text        CHECK (length(phone) <= 20),
    kind           text        NOT NULL CHECK (kind IN ('community', 'in_service')),
    work_unit      text        CHECK (length(work_unit) <= 200),
    branch_id      bigint      NOT NULL REFERENCES party_org (id),
    home_grid      text        NOT NULL,
    registered_on  date,
    service_hours  numeric(8, 1) NOT NULL DEFAULT 0 CHECK (service_hours >= 0),
    username       text,
    generated      boolean     NOT NULL,
    CHECK (kind = 'in_service' OR registered_on IS NULL)
);
CREATE INDEX party_member_branch ON party_member (branch_id);
CREATE INDEX party_member_home ON party_member (home_grid text_pattern_ops);

-- 党员联系户: a member of a compound party group keeps in touch with households of one building.
CREATE TABLE party_contact (
    group_id       bigint      NOT NULL REFERENCES party_org (id),
    member_id      bigint      NOT NULL REFERENCES party_member (id),
    building_district char(6)  NOT NULL,
    building_id    text        NOT NULL,
    households     integer     NOT NULL CHECK (households BETWEEN 1 AND 500),
    PRIMARY KEY (group_id, member_id, building_id)
);

-- Organisation life per branch and year (三会一课 sessions held), an input of the five-star rating.
CREATE TABLE party_branch_year (
    branch_id        bigint   NOT NULL REFERENCES party_org (id),
    year             integer  NOT NULL CHECK (year BETWEEN 2000 AND 2100),
    org_life_sessions integer NOT NULL CHECK (org_life_sessions >= 0),
    PRIMARY KEY (branch_id, year)
);

-- Five-star rating: each input's weight and the value that earns it in full; the score bands of the stars.
CREATE TABLE party_star_weight (
    input      text     PRIMARY KEY CHECK (input ~ '^[a-z_]{1,40}$'),
    name_zh    text     NOT NULL,
    weight     numeric  NOT NULL CHECK (weight > 0),
    target     numeric  NOT NULL CHECK (target > 0)
);
CREATE TABLE party_star_band (
    stars      integer  PRIMARY KEY CHECK (stars BETWEEN 1 AND 5),
    min_score  numeric  NOT NULL CHECK (min_score >= 0 AND min_score <= 100)
);
INSERT INTO party_star_weight (input, name_zh, weight, target) VALUES
    ('org_life', '组织生活（三会一课，次/年）', 30, 24),
    ('registration', '在职党员报到率', 25, 1.0),
    ('service_hours', '人均志愿服务时长（小时/年）', 25, 20),
    ('task_completion', '志愿任务完成率', 20, 0.9);
INSERT INTO party_star_band (stars, min_score) VALUES (5, 90), (4, 75), (3, 60), (2, 40), (1, 0);

-- Volunteer tasks (抢任务挣积分): posted in a grid, claimed first come first served up to capacity,
-- points credited when the poster confirms completion.
CREATE TABLE volunteer_task (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    grid_code    text        NOT NULL,
    title        text        NOT NULL CHECK (length(title) BETWEEN 1 AND 100),
    place        text        NOT NULL CHECK (length(place) BETWEEN 1 AND 200),
    starts_at    timestamptz NOT NULL,
    ends_at      timestamptz NOT NULL,
    points       integer     NOT NULL CHECK (points BETWEEN 1 AND 1000),
    hours        numeric(4, 1) NOT NULL CHECK (hours > 0 AND hours <= 24),
    capacity     integer     NOT NULL CHECK (capacity BETWEEN 1 AND 1000),
    claimed      integer     NOT NULL DEFAULT 0,
    status       text        NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed', 'cancelled')),
    posted_by    text        NOT NULL,
    posted_at    timestamptz NOT NULL DEFAULT now(),
    generated    boolean     NOT NULL DEFAULT false,
    CHECK (claimed BETWEEN 0 AND capacity),
    CHECK (ends_at > starts_at)
);
CREATE INDEX volunteer_task_grid ON volunteer_task (grid_code text_pattern_ops);

CREATE TABLE volunteer_claim (
    task_id       bigint      NOT NULL REFERENCES volunteer_task (id),
    username      text        NOT NULL,
    claimed_at    timestamptz NOT NULL DEFAULT now(),
    completed_at  timestamptz,
    confirmed_by  text,
    points        integer     NOT NULL DEFAULT 0,
    PRIMARY KEY (task_id, username)
);
CREATE INDEX volunteer_claim_user ON volunteer_claim (username);

-- Compounds as the building table defines them, each on the micro grid holding most of its buildings
-- (the smallest code on a tie), with its centre. Follows re-linked buildings by construction.
CREATE VIEW party_compound_site AS
SELECT district_code, compound, count(*) AS buildings, sum(households) AS households,
       mode() WITHIN GROUP (ORDER BY micro_code) AS micro_code,
       ST_Centroid(ST_Collect(geom)) AS geom
FROM building
WHERE compound IS NOT NULL
GROUP BY district_code, compound;

-- Layer views (tiles, OGC API – Features): no personal field; grid_code is the scope column.
CREATE VIEW component_layer AS
SELECT id, code, kind, name, status, array_to_string(ai_alarms, ',') AS ai_alarms, owner, micro_code, micro_code AS grid_code,
       updated_at, geom
FROM component;

CREATE VIEW service_point_layer AS
SELECT id, code, category, kind, name, micro_code, micro_code AS grid_code, updated_at, geom
FROM service_point;

CREATE VIEW party_org_layer AS
SELECT o.id, o.parent_id, o.level, o.name, o.compound, o.founded_on,
       CASE WHEN o.level = 'compound_group' THEN s.micro_code ELSE o.grid_code END AS grid_code, o.geom
FROM party_org o
LEFT JOIN party_compound_site s ON o.level = 'compound_group' AND s.district_code = o.district_code AND s.compound = o.compound
WHERE o.geom IS NOT NULL;
