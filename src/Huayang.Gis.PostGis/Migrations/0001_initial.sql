-- Huayang.Gis schema, version 1: one table per layer, WGS84 geometry (SRID 4326) with a GiST index
-- and a validity check, metric copies (EPSG:4544, CGCS2000 / 3-degree GK CM 105E) for distance and
-- area work, and the record of every load.

CREATE EXTENSION IF NOT EXISTS postgis;

CREATE SCHEMA IF NOT EXISTS huayang;

CREATE TABLE huayang.communities (
    id          text PRIMARY KEY,
    name_zh     text NOT NULL,
    name_en     text NOT NULL,
    population  integer NOT NULL CHECK (population >= 0),
    households  integer NOT NULL CHECK (households >= 0),
    properties  jsonb NOT NULL DEFAULT '{}'::jsonb,
    geom        geometry(Geometry, 4326) NOT NULL
                CHECK (ST_IsValid(geom) AND GeometryType(geom) IN ('POLYGON', 'MULTIPOLYGON')),
    geom_m      geometry(Geometry, 4544) GENERATED ALWAYS AS (ST_Transform(geom, 4544)) STORED
);
CREATE INDEX communities_geom_idx ON huayang.communities USING gist (geom);
CREATE INDEX communities_geom_m_idx ON huayang.communities USING gist (geom_m);

CREATE TABLE huayang.plan (
    id          text PRIMARY KEY,
    kind        text NOT NULL CHECK (kind IN ('axis', 'point', 'belt', 'zone')),
    name_zh     text NOT NULL,
    name_en     text NOT NULL,
    theme       text,
    properties  jsonb NOT NULL DEFAULT '{}'::jsonb,
    geom        geometry(Geometry, 4326) NOT NULL CHECK (ST_IsValid(geom))
);
CREATE INDEX plan_geom_idx ON huayang.plan USING gist (geom);

CREATE TABLE huayang.sites (
    id            text PRIMARY KEY,
    name_zh       text NOT NULL,
    name_en       text NOT NULL,
    category      text NOT NULL,
    status        text NOT NULL CHECK (status IN ('existing', 'planned')),
    capacity      integer CHECK (capacity >= 0),
    plan_element  text,
    community_id  text,
    properties    jsonb NOT NULL DEFAULT '{}'::jsonb,
    geom          geometry(Point, 4326) NOT NULL CHECK (ST_IsValid(geom)),
    geom_m        geometry(Point, 4544) GENERATED ALWAYS AS (ST_Transform(geom, 4544)) STORED
);
CREATE INDEX sites_geom_idx ON huayang.sites USING gist (geom);
CREATE INDEX sites_geom_m_idx ON huayang.sites USING gist (geom_m);
CREATE INDEX sites_category_idx ON huayang.sites (category);

CREATE TABLE huayang.population (
    id            text PRIMARY KEY,
    community_id  text NOT NULL,
    residents     integer NOT NULL CHECK (residents >= 0),
    properties    jsonb NOT NULL DEFAULT '{}'::jsonb,
    geom          geometry(Geometry, 4326) NOT NULL
                  CHECK (ST_IsValid(geom) AND GeometryType(geom) IN ('POINT', 'POLYGON', 'MULTIPOLYGON')),
    -- The point that stands for the cell: itself, or a point inside a polygon cell (ST_PointOnSurface of a
    -- point is the point, so points skip it).
    point_m       geometry(Point, 4544) GENERATED ALWAYS AS (CASE WHEN GeometryType(geom) = 'POINT'
                      THEN ST_Transform(geom, 4544) ELSE ST_Transform(ST_PointOnSurface(geom), 4544) END) STORED
);
CREATE INDEX population_geom_idx ON huayang.population USING gist (geom);
CREATE INDEX population_point_m_idx ON huayang.population USING gist (point_m);
CREATE INDEX population_community_idx ON huayang.population (community_id);

CREATE TABLE huayang.walkways (
    id          text PRIMARY KEY,
    kind        text NOT NULL,
    name_zh     text,
    name_en     text,
    properties  jsonb NOT NULL DEFAULT '{}'::jsonb,
    geom        geometry(Geometry, 4326) NOT NULL
                CHECK (ST_IsValid(geom) AND GeometryType(geom) IN ('LINESTRING', 'MULTILINESTRING'))
);
CREATE INDEX walkways_geom_idx ON huayang.walkways USING gist (geom);

CREATE TABLE huayang.water (
    id          text PRIMARY KEY,
    kind        text NOT NULL,
    name_zh     text NOT NULL,
    name_en     text NOT NULL,
    properties  jsonb NOT NULL DEFAULT '{}'::jsonb,
    geom        geometry(Geometry, 4326) NOT NULL
                CHECK (ST_IsValid(geom) AND GeometryType(geom) IN ('POLYGON', 'MULTIPOLYGON'))
);
CREATE INDEX water_geom_idx ON huayang.water USING gist (geom);

CREATE TABLE huayang.roads (
    id          text PRIMARY KEY,
    name_zh     text NOT NULL,
    name_en     text NOT NULL,
    class       text,
    properties  jsonb NOT NULL DEFAULT '{}'::jsonb,
    geom        geometry(Geometry, 4326) NOT NULL
                CHECK (ST_IsValid(geom) AND GeometryType(geom) IN ('LINESTRING', 'MULTILINESTRING'))
);
CREATE INDEX roads_geom_idx ON huayang.roads USING gist (geom);

-- The life-circle table (data/life-circles.json) of the loaded dataset, as one document.
CREATE TABLE huayang.life_circles (
    singleton   boolean PRIMARY KEY DEFAULT true CHECK (singleton),
    document    jsonb NOT NULL
);

-- Every load: what, when, how many features per layer, and a checksum of the input.
CREATE TABLE huayang.dataset_versions (
    version         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    loaded_at       timestamptz NOT NULL DEFAULT now(),
    source          text NOT NULL,
    checksum        text NOT NULL,
    replaced        boolean NOT NULL,
    feature_counts  jsonb NOT NULL
);
