-- 004_daily_vitals: daily statistics of every measured vital, not only heart rate and SpO2 (the
-- dashboard's daily page). The view keeps its columns and adds the others after them.

CREATE OR REPLACE VIEW daily_patient_stats AS
SELECT patient_id,
       (ts AT TIME ZONE 'UTC')::date           AS day,
       count(*)                                AS reading_count,
       min(heart_rate)                         AS heart_rate_min,
       max(heart_rate)                         AS heart_rate_max,
       avg(heart_rate)::double precision       AS heart_rate_avg,
       min(spo2)                               AS spo2_min,
       max(spo2)                               AS spo2_max,
       avg(spo2)::double precision             AS spo2_avg,
       max(news2_score)                        AS news2_max,
       min(systolic_bp)                        AS systolic_bp_min,
       max(systolic_bp)                        AS systolic_bp_max,
       avg(systolic_bp)::double precision      AS systolic_bp_avg,
       min(diastolic_bp)                       AS diastolic_bp_min,
       max(diastolic_bp)                       AS diastolic_bp_max,
       avg(diastolic_bp)::double precision     AS diastolic_bp_avg,
       min(respiratory_rate)                   AS respiratory_rate_min,
       max(respiratory_rate)                   AS respiratory_rate_max,
       avg(respiratory_rate)::double precision AS respiratory_rate_avg,
       min(temperature)                        AS temperature_min,
       max(temperature)                        AS temperature_max,
       avg(temperature)                        AS temperature_avg,
       min(glucose)                            AS glucose_min,
       max(glucose)                            AS glucose_max,
       avg(glucose)                            AS glucose_avg
FROM readings
GROUP BY patient_id, (ts AT TIME ZONE 'UTC')::date;
