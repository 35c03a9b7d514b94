-- Huayang.Gis schema, version 3: the walking network, for pgRouting. The loader rebuilds both tables from
-- huayang.walkways in every load (WalkingNetwork in Huayang.Gis.Core: a node wherever lines share a vertex), so the
-- graph pgRouting searches is exactly the graph the embedded store searches. EPSG:4544 metres; cost = length,
-- walked both ways. pgRouting must be installable (Debian: postgresql-15-pgrouting); a non-superuser owner needs it
-- created by a superuser first (CREATE EXTENSION pgrouting).

CREATE EXTENSION IF NOT EXISTS pgrouting;

CREATE TABLE huayang.walk_nodes (
    id    integer PRIMARY KEY,
    geom  geometry(Point, 4544) NOT NULL
);

CREATE TABLE huayang.walk_edges (
    id            integer PRIMARY KEY,
    source        integer NOT NULL REFERENCES huayang.walk_nodes (id),
    target        integer NOT NULL REFERENCES huayang.walk_nodes (id),
    cost          double precision NOT NULL CHECK (cost >= 0),
    reverse_cost  double precision NOT NULL CHECK (reverse_cost >= 0),
    walkway_id    text NOT NULL,
    geom          geometry(LineString, 4544) NOT NULL
);
CREATE INDEX walk_edges_geom_idx ON huayang.walk_edges USING gist (geom);
