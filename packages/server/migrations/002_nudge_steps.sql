-- When a nudge last moved a step up the escalation ladder (or was reminded after a snooze).
ALTER TABLE nudges ADD COLUMN stepped_at timestamptz NOT NULL DEFAULT now();
CREATE INDEX nudges_open ON nudges (tenant_id, status) WHERE status IN ('open', 'snoozed');
