-- Huayang.Gis schema, version 2: the layers a dataset declares of its own (layers.json), as loaded. The loader
-- creates a table huayang.<name> for each (id, the declared fields as typed columns, properties, geom) and keeps
-- its declaration here, so that every server reading the database serves the same layers.

CREATE TABLE huayang.layer_declarations (
    name         text PRIMARY KEY CHECK (name ~ '^[a-z][a-z0-9_]{0,39}$'),
    position     integer NOT NULL,
    declaration  jsonb NOT NULL
);
