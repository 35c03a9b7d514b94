-- Huayang.Gis schema, version 6: each layer row keeps its vector-tile feature id (tile_fid), the id
-- VectorTileFeatureId.For gives in .NET: the 52 leading bits of the SHA-256 of the id's UTF-8 bytes. A tile of many
-- features had spent a third of its statement hashing ids (a z12 tile of communities and sites: 1.09 ms with the
-- hash, 0.93 ms without); the column is computed once, when a row is written or its id changes.
--
-- IMMUTABLE although convert_to is only STABLE: converting text to UTF-8 depends on the database's encoding, which
-- is fixed when the database is created, and the id is text in that encoding; the bytes, so the hash, never change.
CREATE FUNCTION huayang.tile_feature_id(id text) RETURNS bigint
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    RETURN ('x' || left(encode(sha256(convert_to(id, 'UTF8')), 'hex'), 13))::bit(52)::bigint;

-- Every layer table: the built-in ones and those of the layers a dataset declared (huayang.layer_declarations),
-- loaded before this version.
DO $$
DECLARE
    layer text;
BEGIN
    FOR layer IN SELECT unnest(ARRAY['communities', 'plan', 'sites', 'population', 'walkways', 'water', 'roads'])
                 UNION ALL SELECT name FROM huayang.layer_declarations LOOP
        IF to_regclass(format('huayang.%I', layer)) IS NOT NULL THEN
            EXECUTE format('ALTER TABLE huayang.%I ADD COLUMN tile_fid bigint GENERATED ALWAYS AS (huayang.tile_feature_id(id)) STORED', layer);
        END IF;
    END LOOP;
END
$$;
