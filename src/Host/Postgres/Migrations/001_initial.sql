-- 001_initial: the tables the Postgres sink writes, the offsets it resumes from, and the
-- historical dashboard's daily view. Applied once, in one transaction, by Migrator.
--
-- Every table has a key made of what identifies its record (never a serial), so a row written
-- twice is the same row: the sink's INSERT ... ON CONFLICT DO NOTHING keeps the first.
-- CHECK constraints hold physically impossible values out (the topology's validity rules are
-- narrower); a row that breaks one goes to the sink's dead-letter topic.

-- One row per enriched reading (vitals.enriched). Missing vitals are NULL, never zero.
CREATE TABLE readings (
    patient_id       text             NOT NULL,
    ts               timestamptz      NOT NULL,
    device_id        text,
    heart_rate       integer          CHECK (heart_rate BETWEEN 0 AND 500),
    spo2             integer          CHECK (spo2 BETWEEN 0 AND 100),
    systolic_bp      integer          CHECK (systolic_bp BETWEEN 0 AND 500),
    diastolic_bp     integer          CHECK (diastolic_bp BETWEEN 0 AND 500),
    respiratory_rate integer          CHECK (respiratory_rate BETWEEN 0 AND 200),
    temperature      double precision CHECK (temperature BETWEEN 0 AND 60),
    glucose          double precision CHECK (glucose BETWEEN 0 AND 5000),
    consciousness    text,
    on_oxygen        boolean,
    latitude         double precision CHECK (latitude BETWEEN -90 AND 90),
    longitude        double precision CHECK (longitude BETWEEN -180 AND 180),
    news2_score      integer          NOT NULL CHECK (news2_score BETWEEN 0 AND 20),
    news2_risk       text             NOT NULL,
    status           text             NOT NULL,
    PRIMARY KEY (patient_id, ts)
);

-- A patient's figures over one closed 1-minute event-time window (vitals.stats.1m).
CREATE TABLE vital_stats_1m (
    patient_id            text             NOT NULL,
    window_start          timestamptz      NOT NULL,
    window_end            timestamptz      NOT NULL,
    reading_count         integer          NOT NULL CHECK (reading_count >= 0),
    heart_rate_min        integer,
    heart_rate_max        integer,
    heart_rate_mean       double precision,
    spo2_min              integer,
    spo2_max              integer,
    spo2_mean             double precision,
    systolic_bp_min       integer,
    systolic_bp_max       integer,
    systolic_bp_mean      double precision,
    diastolic_bp_min      integer,
    diastolic_bp_max      integer,
    diastolic_bp_mean     double precision,
    respiratory_rate_min  integer,
    respiratory_rate_max  integer,
    respiratory_rate_mean double precision,
    temperature_min       double precision,
    temperature_max       double precision,
    temperature_mean      double precision,
    glucose_min           double precision,
    glucose_max           double precision,
    glucose_mean          double precision,
    news2_max             integer          NOT NULL CHECK (news2_max BETWEEN 0 AND 20),
    PRIMARY KEY (patient_id, window_start),
    CHECK (window_end > window_start)
);

-- Alert events (alerts.notify and alerts.dispatch; a critical event may come on both). An
-- episode keeps one alert_id and has one event per state: RAISED, maybe ESCALATED, RESOLVED.
CREATE TABLE alerts (
    alert_id    text        NOT NULL,
    state       text        NOT NULL,
    patient_id  text        NOT NULL,
    ts          timestamptz NOT NULL,
    rule        text        NOT NULL,
    severity    text        NOT NULL,
    news2_score integer,
    message     text        NOT NULL,
    details     jsonb       NOT NULL DEFAULT '{}',
    PRIMARY KEY (alert_id, state)
);
CREATE INDEX alerts_patient_ts ON alerts (patient_id, ts);

-- Readings the topology dead-lettered (vitals.invalid). The source is where the reading was
-- read (from the dead letter's headers), or the dead letter's own position when they are absent.
CREATE TABLE invalid_readings (
    source_topic     text        NOT NULL,
    source_partition integer     NOT NULL,
    source_offset    bigint      NOT NULL,
    received_at      timestamptz NOT NULL,
    patient_id       text,
    reasons          text[]      NOT NULL,
    message          text,
    payload          bytea,
    PRIMARY KEY (source_topic, source_partition, source_offset)
);

-- The next offset to read per consumer group and partition, written in the same transaction
-- as the rows it covers: the sink resumes from here, not from Kafka's committed offsets.
CREATE TABLE sink_offsets (
    consumer_group text        NOT NULL,
    topic          text        NOT NULL,
    partition      integer     NOT NULL,
    next_offset    bigint      NOT NULL CHECK (next_offset >= 0),
    updated_at     timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (consumer_group, topic, partition)
);

-- Per patient and UTC day, for the historical dashboard.
CREATE VIEW daily_patient_stats AS
SELECT patient_id,
       (ts AT TIME ZONE 'UTC')::date       AS day,
       count(*)                            AS reading_count,
       min(heart_rate)                     AS heart_rate_min,
       max(heart_rate)                     AS heart_rate_max,
       avg(heart_rate)::double precision   AS heart_rate_avg,
       min(spo2)                           AS spo2_min,
       max(spo2)                           AS spo2_max,
       avg(spo2)::double precision         AS spo2_avg,
       max(news2_score)                    AS news2_max
FROM readings
GROUP BY patient_id, (ts AT TIME ZONE 'UTC')::date;
