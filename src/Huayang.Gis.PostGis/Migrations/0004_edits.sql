-- Huayang.Gis schema, version 4: edits (OGC API – Features Part 4). Every change to a feature is kept in
-- huayang.feature_history in the transaction of the change (who, when, what, before and after), and every edit is a
-- new row of huayang.dataset_versions (kind 'edit'), so that everything keyed by the dataset version (tile ETags,
-- cached counts, analysis answers) follows edits as it follows loads. A feature's version (its ETag) is the latest
-- load and the feature's latest history entry.

ALTER TABLE huayang.dataset_versions
    ADD COLUMN kind text NOT NULL DEFAULT 'load' CHECK (kind IN ('load', 'edit'));

CREATE TABLE huayang.feature_history (
    seq         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    collection  text NOT NULL,
    feature_id  text NOT NULL,
    operation   text NOT NULL CHECK (operation IN ('create', 'replace', 'update', 'delete', 'restore')),
    key_name    text NOT NULL,
    at          timestamptz NOT NULL DEFAULT now(),
    before      jsonb,
    after       jsonb,
    version     bigint NOT NULL REFERENCES huayang.dataset_versions (version)
);
CREATE INDEX feature_history_feature_idx ON huayang.feature_history (collection, feature_id, seq);
