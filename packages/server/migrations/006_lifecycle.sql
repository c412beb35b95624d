-- Data lifecycle: a tenant may keep closed cases a number of days (then they are erased),
-- counted from the day a case closed.
ALTER TABLE tenants ADD COLUMN IF NOT EXISTS retention_days integer;
ALTER TABLE cases ADD COLUMN IF NOT EXISTS closed_at timestamptz;
UPDATE cases SET closed_at = updated_at WHERE status = 'closed' AND closed_at IS NULL;
CREATE INDEX IF NOT EXISTS cases_closed ON cases (tenant_id, closed_at) WHERE closed_at IS NOT NULL;
