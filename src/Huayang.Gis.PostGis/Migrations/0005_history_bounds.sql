-- Huayang.Gis schema, version 5: where each change is. huayang.feature_history.bounds is the lon/lat box of the feature
-- before and after the change, written with the entry; a vector tile's version is the latest load and the latest
-- change whose box meets the tile, so an edit gives new ETags to the tiles it touched and to no other.

ALTER TABLE huayang.feature_history ADD COLUMN bounds geometry(Geometry, 4326);

UPDATE huayang.feature_history h
SET bounds = (SELECT ST_SetSRID(ST_Extent(g)::geometry, 4326)
              FROM (VALUES (ST_GeomFromGeoJSON(h.before -> 'geometry')), (ST_GeomFromGeoJSON(h.after -> 'geometry'))) AS v (g));

CREATE INDEX feature_history_bounds_idx ON huayang.feature_history USING gist (bounds);
CREATE INDEX feature_history_version_idx ON huayang.feature_history (version);
