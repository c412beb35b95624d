-- Issue 27, item 5: the leaders' overview read from one narrow row per case instead of
-- aggregating case_professionals, coordinator_assignments and activities on every read. Each row is
-- recounted from those tables by one function, in the same transaction as the writes (the triggers
-- below), and filled here for the cases there are.
CREATE TABLE IF NOT EXISTS insight_cases (
  case_id              bigint PRIMARY KEY REFERENCES cases (id) ON DELETE CASCADE,
  tenant_id            text NOT NULL,
  -- Every department that took part: the case's and everyone's who ever had a part.
  departments          text[] NOT NULL,
  opened_at            timestamptz NOT NULL,
  -- When it closed (a case closed before closed_at was kept: when it last changed); null while not closed.
  closed_at            timestamptz,
  first_coordinator_at timestamptz,
  first_plan_at        timestamptz,
  professionals        int NOT NULL,
  -- The instants of its changes of caseworker.
  handovers            timestamptz[] NOT NULL
);
CREATE INDEX IF NOT EXISTS insight_cases_departments ON insight_cases USING gin (departments);
CREATE INDEX IF NOT EXISTS insight_cases_tenant ON insight_cases (tenant_id, closed_at, opened_at);

-- The one recount: these cases' rows from the tables they summarise.
-- PL/pgSQL for its plan, kept across calls (an SQL function's is made again at each).
CREATE OR REPLACE FUNCTION samspil_insight_cases(ids bigint[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO insight_cases (case_id, tenant_id, departments, opened_at, closed_at, first_coordinator_at, first_plan_at, professionals, handovers)
  SELECT c.id, c.tenant_id,
         ARRAY(SELECT DISTINCT d FROM unnest(c.departments || ARRAY(SELECT cp.department FROM case_professionals cp WHERE cp.case_id = c.id AND cp.department <> '')) AS d ORDER BY d),
         c.opened_at,
         CASE WHEN c.status = 'closed' THEN coalesce(c.closed_at, c.updated_at) END,
         (SELECT min(a.from_at) FROM coordinator_assignments a WHERE a.case_id = c.id),
         (SELECT min(ac.occurred_at) FROM activities ac WHERE ac.case_id = c.id AND ac.kind = 'plan-changed'),
         (SELECT count(DISTINCT cp.person)::int FROM case_professionals cp WHERE cp.case_id = c.id),
         ARRAY(SELECT ac.occurred_at FROM activities ac WHERE ac.case_id = c.id AND ac.kind = 'caseworker-changed' ORDER BY ac.occurred_at)
    FROM cases c WHERE c.id IN (SELECT unnest(ids))
  ON CONFLICT (case_id) DO UPDATE SET
    tenant_id = EXCLUDED.tenant_id, departments = EXCLUDED.departments, opened_at = EXCLUDED.opened_at, closed_at = EXCLUDED.closed_at,
    first_coordinator_at = EXCLUDED.first_coordinator_at, first_plan_at = EXCLUDED.first_plan_at, professionals = EXCLUDED.professionals, handovers = EXCLUDED.handovers;
END $$;

-- Inserts, per statement (a bulk insert recounts its cases once); a case's own changes per row,
-- only when something the row keeps changed (cases are updated often for other reasons).
CREATE OR REPLACE FUNCTION samspil_insight_added() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_TABLE_NAME = 'cases' THEN
    PERFORM samspil_insight_cases(ARRAY(SELECT id FROM added));
  ELSIF TG_TABLE_NAME = 'activities' THEN
    -- Most activities are neither: no recount for them.
    IF EXISTS (SELECT 1 FROM added WHERE kind IN ('plan-changed', 'caseworker-changed')) THEN
      PERFORM samspil_insight_cases(ARRAY(SELECT DISTINCT case_id FROM added WHERE kind IN ('plan-changed', 'caseworker-changed')));
    END IF;
  ELSE
    PERFORM samspil_insight_cases(ARRAY(SELECT DISTINCT case_id FROM added));
  END IF;
  RETURN NULL;
END $$;
CREATE OR REPLACE FUNCTION samspil_insight_case_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM samspil_insight_cases(ARRAY[NEW.id]);
  RETURN NULL;
END $$;
DROP TRIGGER IF EXISTS cases_insights ON cases;
CREATE TRIGGER cases_insights AFTER INSERT ON cases REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION samspil_insight_added();
DROP TRIGGER IF EXISTS cases_insights_changed ON cases;
CREATE TRIGGER cases_insights_changed AFTER UPDATE ON cases FOR EACH ROW
  WHEN (OLD.tenant_id IS DISTINCT FROM NEW.tenant_id OR OLD.departments IS DISTINCT FROM NEW.departments OR OLD.opened_at IS DISTINCT FROM NEW.opened_at
        OR OLD.status IS DISTINCT FROM NEW.status OR OLD.closed_at IS DISTINCT FROM NEW.closed_at
        OR (NEW.status = 'closed' AND NEW.closed_at IS NULL AND OLD.updated_at IS DISTINCT FROM NEW.updated_at))
  EXECUTE FUNCTION samspil_insight_case_changed();
-- Everyone who had a part arrives in case_professionals through participants' (and coordinator
-- assignments') row triggers (013), which fire before these: a participants' statement recounts its
-- cases once, not once for each row it brings.
DROP TRIGGER IF EXISTS participants_insights ON participants;
CREATE TRIGGER participants_insights AFTER INSERT ON participants REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION samspil_insight_added();
-- An assignment's start is never changed (a new period is a new row).
DROP TRIGGER IF EXISTS coordinator_assignments_insights ON coordinator_assignments;
CREATE TRIGGER coordinator_assignments_insights AFTER INSERT ON coordinator_assignments REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION samspil_insight_added();
-- Activities only ever arrive.
DROP TRIGGER IF EXISTS activities_insights ON activities;
CREATE TRIGGER activities_insights AFTER INSERT ON activities REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION samspil_insight_added();

SELECT samspil_insight_cases(ARRAY(SELECT id FROM cases));

-- Statistics for the new table at once (the overview plans by them).
ANALYZE insight_cases;
