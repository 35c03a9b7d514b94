-- Huayang.Gis schema, version 7: tile_fid (version 6) is a plain column, written by the loader and filled by a
-- trigger for every other writer. As a generated column it cost the loader's COPY 3.4 µs a row (population at scale
-- 100, 339,021 rows: +1.15 s), the database calling huayang.tile_feature_id for every row; the loader now computes
-- it in .NET (VectorTileFeatureId.For, the same rule), and the trigger stays out of its way.
--
-- The trigger recomputes the column on every INSERT, and on every UPDATE that names id or tile_fid, unless the
-- transaction set huayang.tile_fid_written to 'on' (the loader does, with SET LOCAL, so only for its own
-- transaction): the edit API and plain SQL get the right value, and a wrong explicit one is not stored. The test is
-- the trigger's WHEN clause, so that during a load the trigger function is not even called.

CREATE FUNCTION huayang.set_tile_fid() RETURNS trigger
    LANGUAGE plpgsql
AS $$
BEGIN
    NEW.tile_fid := huayang.tile_feature_id(NEW.id);
    RETURN NEW;
END
$$;

-- The one definition of the trigger, for the tables below and for every declared layer's table the loader creates
-- later (LayerTable.CreateSql).
CREATE FUNCTION huayang.add_tile_fid_trigger(layer_table regclass) RETURNS void
    LANGUAGE plpgsql
AS $$
BEGIN
    EXECUTE format(
        $sql$CREATE TRIGGER tile_fid BEFORE INSERT OR UPDATE OF id, tile_fid ON %s FOR EACH ROW
             WHEN (current_setting('huayang.tile_fid_written', true) IS DISTINCT FROM 'on')
             EXECUTE FUNCTION huayang.set_tile_fid()$sql$,
        layer_table);
END
$$;

-- Every layer table, as in version 6: the built-in ones and those of the declared layers. DROP EXPRESSION keeps the
-- values the column had.
DO $$
DECLARE
    layer text;
BEGIN
    FOR layer IN SELECT unnest(ARRAY['communities', 'plan', 'sites', 'population', 'walkways', 'water', 'roads'])
                 UNION ALL SELECT name FROM huayang.layer_declarations LOOP
        IF to_regclass(format('huayang.%I', layer)) IS NOT NULL THEN
            EXECUTE format('ALTER TABLE huayang.%I ALTER COLUMN tile_fid DROP EXPRESSION, ALTER COLUMN tile_fid SET NOT NULL', layer);
            PERFORM huayang.add_tile_fid_trigger(format('huayang.%I', layer)::regclass);
        END IF;
    END LOOP;
END
$$;

-- huayang.tile_feature_id is now STABLE, which is what convert_to is; IMMUTABLE was needed only by the generated
-- column. A SQL function no more volatile than its body is inlined into the statement that calls it (the trigger,
-- TileSql.FeatureId's aggregated cells), and inlined it costs less than half (339,021 ids in psql: 0.42 s instead of
-- 0.95 s). The rule and its values are unchanged: the bytes hashed are the id's UTF-8, whatever the database encoding.
CREATE OR REPLACE FUNCTION huayang.tile_feature_id(id text) RETURNS bigint
    LANGUAGE sql STABLE STRICT PARALLEL SAFE
    RETURN ('x' || left(encode(sha256(convert_to(id, 'UTF8')), 'hex'), 13))::bit(52)::bigint;
