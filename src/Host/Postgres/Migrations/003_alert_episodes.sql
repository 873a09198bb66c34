-- 003_alert_episodes: a patient has one clinical episode at a time, which every rule contributes
-- findings to, and its events are numbered (RAISED 0, then ESCALATED, UPDATED, REMINDED,
-- ACKNOWLEDGED, RESOLVED in the order they happened). An event is identified by its episode and
-- number, no longer by its state: an episode may be updated or reminded more than once.
--
-- Rows from before this migration keep their values: each was an episode of one rule, numbered
-- by state (RAISED 0, ESCALATED 1, RESOLVED 2), its one finding rebuilt from the rule, severity,
-- vital and trigger values it carried.

ALTER TABLE alerts ADD COLUMN sequence integer;
UPDATE alerts SET sequence = CASE state WHEN 'RAISED' THEN 0 WHEN 'ESCALATED' THEN 1 ELSE 2 END;
ALTER TABLE alerts ALTER COLUMN sequence SET NOT NULL;
ALTER TABLE alerts DROP CONSTRAINT alerts_pkey;
ALTER TABLE alerts ADD PRIMARY KEY (alert_id, sequence);

-- The episode an event belongs to: the alert id, which stays the same for every event of an episode.
ALTER TABLE alerts ADD COLUMN episode_id text GENERATED ALWAYS AS (alert_id) STORED;

-- CLINICAL (about the patient) or TECHNICAL (about the monitoring: NO_DATA).
ALTER TABLE alerts ADD COLUMN kind text NOT NULL DEFAULT 'CLINICAL';

-- Every finding that counted in the episode at the event: rule, vital, severity, since,
-- confirmed_at, values, message. And the patient's latest vitals by field name.
ALTER TABLE alerts ADD COLUMN findings jsonb NOT NULL DEFAULT '[]';
UPDATE alerts SET findings = jsonb_build_array(jsonb_strip_nulls(jsonb_build_object(
    'rule', rule, 'vital', details->>'vital', 'severity', severity,
    'since', details->>'episode_start', 'values', COALESCE(details->'trigger_values', '{}'::jsonb), 'message', message)));
ALTER TABLE alerts ADD COLUMN vitals jsonb NOT NULL DEFAULT '{}';

ALTER TABLE alerts ADD COLUMN acknowledged_by text;
ALTER TABLE alerts ADD COLUMN acknowledged_at timestamptz;

CREATE INDEX alerts_episode ON alerts (episode_id, sequence);
