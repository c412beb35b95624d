-- Issue 27: the leaders' overview (GET /api/v1/insights/…). What it reads is kept up to date in
-- the same transaction as the writes, by the writes themselves or by triggers here.

-- A stall episode is a nudge, from its `since` to when it closed. The scheduler sets closed_at
-- with its clock when a reason no longer holds; any other close gets the transaction's time.
ALTER TABLE nudges ADD COLUMN IF NOT EXISTS closed_at timestamptz;
UPDATE nudges SET closed_at = stepped_at WHERE status = 'closed' AND closed_at IS NULL;
CREATE OR REPLACE FUNCTION samspil_nudge_closed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.status = 'closed' AND OLD.status <> 'closed' AND NEW.closed_at IS NULL THEN
    NEW.closed_at := now();
  ELSIF NEW.status <> 'closed' THEN
    NEW.closed_at := NULL;
  END IF;
  RETURN NEW;
END $$;
DROP TRIGGER IF EXISTS nudges_closed_at ON nudges;
CREATE TRIGGER nudges_closed_at BEFORE UPDATE OF status ON nudges FOR EACH ROW EXECUTE FUNCTION samspil_nudge_closed();
CREATE INDEX IF NOT EXISTS nudges_tenant_since ON nudges (tenant_id, since);

-- Everyone who ever had a part in a case, with their department: a participant who leaves keeps
-- their history (professionals per citizen; the departments that took part). Rows only ever
-- arrive; they go with the case.
CREATE TABLE IF NOT EXISTS case_professionals (
  case_id    bigint NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
  person     text NOT NULL,
  department text NOT NULL,
  PRIMARY KEY (case_id, person, department)
);
CREATE INDEX IF NOT EXISTS case_professionals_department ON case_professionals (department, case_id);

CREATE OR REPLACE FUNCTION samspil_participant_joined() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO case_professionals (case_id, person, department) VALUES (NEW.case_id, NEW.person, NEW.department) ON CONFLICT DO NOTHING;
  RETURN NULL;
END $$;
DROP TRIGGER IF EXISTS participants_professionals ON participants;
CREATE TRIGGER participants_professionals AFTER INSERT ON participants FOR EACH ROW EXECUTE FUNCTION samspil_participant_joined();

-- A plan coordinator had a part too, in their own department (when the organisation knows them).
CREATE OR REPLACE FUNCTION samspil_coordinator_assigned() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO case_professionals (case_id, person, department)
  SELECT NEW.case_id, NEW.person, coalesce((SELECT pe.department FROM cases c JOIN people pe ON pe.tenant_id = c.tenant_id AND pe.id = NEW.person WHERE c.id = NEW.case_id), '')
  ON CONFLICT DO NOTHING;
  RETURN NULL;
END $$;
DROP TRIGGER IF EXISTS coordinator_assignments_professionals ON coordinator_assignments;
CREATE TRIGGER coordinator_assignments_professionals AFTER INSERT ON coordinator_assignments FOR EACH ROW EXECUTE FUNCTION samspil_coordinator_assigned();

INSERT INTO case_professionals (case_id, person, department) SELECT case_id, person, department FROM participants ON CONFLICT DO NOTHING;
INSERT INTO case_professionals (case_id, person, department)
SELECT a.case_id, a.person, coalesce(pe.department, '') FROM coordinator_assignments a JOIN cases c ON c.id = a.case_id LEFT JOIN people pe ON pe.tenant_id = c.tenant_id AND pe.id = a.person
ON CONFLICT DO NOTHING;

-- The overview's lookups: cases by department, the first plan and the changes of caseworker by case.
CREATE INDEX IF NOT EXISTS cases_departments ON cases USING gin (departments);
CREATE INDEX IF NOT EXISTS cases_tenant_open ON cases (tenant_id, closed_at, opened_at);
CREATE INDEX IF NOT EXISTS activities_insights ON activities (case_id, kind, occurred_at) WHERE kind IN ('plan-changed', 'caseworker-changed');

-- An RC survey's groups as departments (issue 27's department pairs): optional, per survey. A
-- wave's groups are matched by name to a department or a team; a CSV survey's only through this.
CREATE TABLE IF NOT EXISTS rc_survey_departments (
  survey_id  bigint NOT NULL REFERENCES rc_surveys (id) ON DELETE CASCADE,
  group_name text NOT NULL,
  department text NOT NULL,
  PRIMARY KEY (survey_id, group_name)
);
