-- 002_cluster_ids: offsets and positions belong to one Kafka cluster. A database that outlives a
-- cluster (a demo's --postgres reused, a cluster rebuilt) must not resume the sink from another
-- cluster's offsets, nor take a new cluster's dead letter for one already stored because it sits
-- at the same topic, partition and offset.
--
-- Rows from before this migration carry '' (the cluster is unknown): the sink adopts them for the
-- cluster it runs against, as it did before.

ALTER TABLE sink_offsets ADD COLUMN cluster_id text NOT NULL DEFAULT '';

ALTER TABLE invalid_readings ADD COLUMN source_cluster text NOT NULL DEFAULT '';
ALTER TABLE invalid_readings DROP CONSTRAINT invalid_readings_pkey;
ALTER TABLE invalid_readings ADD PRIMARY KEY (source_cluster, source_topic, source_partition, source_offset);
