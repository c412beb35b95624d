-- A municipality's own settings (core's TenantSettings): working days and hours, time zone,
-- public holidays, the handover's business days, the coordinator rule, RC's k, rooms. Stored
-- as given; an empty object is today's behaviour (every default). Closing days stay in their column.
ALTER TABLE tenants ADD COLUMN IF NOT EXISTS settings jsonb NOT NULL DEFAULT '{}';

-- Who covers for whom on a case while they are away (core's Cover), recorded by the team lead.
CREATE TABLE IF NOT EXISTS covers (
  id            bigserial PRIMARY KEY,
  case_id       bigint NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
  person        text NOT NULL,
  covered_by    text NOT NULL,
  from_at       timestamptz NOT NULL,
  until_day     date,
  intervention  text,
  created_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS covers_case ON covers (case_id);
