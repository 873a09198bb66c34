-- 006_daily_patient_stats_batch: the batch layer's daily statistics (pulse batch daily), computed from the Parquet
-- archive of vitals.enriched, one row per patient and UTC day; a day is replaced whole when computed again.
-- pulse batch reconcile compares it with daily_patient_stats, the streaming path's view over readings.

CREATE TABLE daily_patient_stats_batch (
    day                   date             NOT NULL,
    patient_id            text             NOT NULL,
    reading_count         bigint           NOT NULL,
    heart_rate_min        integer,
    heart_rate_max        integer,
    heart_rate_avg        double precision,
    spo2_min              integer,
    spo2_max              integer,
    spo2_avg              double precision,
    systolic_bp_min       integer,
    systolic_bp_max       integer,
    systolic_bp_avg       double precision,
    diastolic_bp_min      integer,
    diastolic_bp_max      integer,
    diastolic_bp_avg      double precision,
    respiratory_rate_min  integer,
    respiratory_rate_max  integer,
    respiratory_rate_avg  double precision,
    temperature_min       double precision,
    temperature_max       double precision,
    temperature_avg       double precision,
    glucose_min           double precision,
    glucose_max           double precision,
    glucose_avg           double precision,
    news2_max             integer          NOT NULL,
    seconds_none          double precision NOT NULL,
    seconds_low           double precision NOT NULL,
    seconds_low_medium    double precision NOT NULL,
    seconds_medium        double precision NOT NULL,
    seconds_high          double precision NOT NULL,
    computed_at           timestamptz      NOT NULL DEFAULT now(),
    PRIMARY KEY (day, patient_id)
);
