-- Need to know asks, per read, whether a person leads a team whose department takes part in the
-- case (store/access.ts): without this index that is a scan of the tenant's people each time.
CREATE INDEX IF NOT EXISTS people_team_lead ON people (tenant_id, team_lead) WHERE team_lead IS NOT NULL;
