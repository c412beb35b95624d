-- One plan however many case systems (issue 26): a coordination (a row of `cases`) is reached
-- by each department's own case reference. A reference is unique per municipality among those
-- linked (the partial unique index: one coordination only, and the one indexed lookup every
-- route's reference goes through); unlinking sets unlinked_at and keeps the row as history.
-- `system` is a label (the case system's name, '' when none was given). cases.reference stays
-- the coordination's first linked reference: what chat names it by.
CREATE TABLE IF NOT EXISTS case_references (
  id          bigserial PRIMARY KEY,
  tenant_id   text NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  reference   text NOT NULL,
  system      text NOT NULL DEFAULT '',
  case_id     bigint NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
  linked_at   timestamptz NOT NULL DEFAULT now(),
  linked_by   text NOT NULL,
  unlinked_at timestamptz,
  unlinked_by text
);
CREATE UNIQUE INDEX IF NOT EXISTS case_references_linked ON case_references (tenant_id, reference) WHERE unlinked_at IS NULL;
CREATE INDEX IF NOT EXISTS case_references_case ON case_references (case_id, id);

-- Every existing case: its reference is its first.
INSERT INTO case_references (tenant_id, reference, case_id, linked_at, linked_by)
SELECT c.tenant_id, c.reference, c.id, now(), 'system:migration' FROM cases c
 WHERE NOT EXISTS (SELECT 1 FROM case_references r WHERE r.case_id = c.id);

-- An API key may carry its case system's label, recorded on the writes made through it.
ALTER TABLE api_keys ADD COLUMN IF NOT EXISTS system text;

-- Participants per system: PUT …/participants through a reference replaces only those that came
-- through that reference's system, so one system never wipes another's people. The same person
-- in the same role may come through two systems: the key includes the system.
ALTER TABLE participants ADD COLUMN IF NOT EXISTS system text NOT NULL DEFAULT '';
ALTER TABLE participants DROP CONSTRAINT IF EXISTS participants_pkey;
ALTER TABLE participants ADD PRIMARY KEY (case_id, person, role, system);

-- Joining two coordinations (issue 26): the one joined becomes read-only history of the one that
-- remains (merged_into; erased with it), and what was merged, from where, is recorded.
ALTER TABLE cases ADD COLUMN IF NOT EXISTS merged_into bigint REFERENCES cases (id) ON DELETE CASCADE;
CREATE INDEX IF NOT EXISTS cases_merged_into ON cases (merged_into) WHERE merged_into IS NOT NULL;
CREATE TABLE IF NOT EXISTS case_merges (
  id          bigserial PRIMARY KEY,
  case_id     bigint NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
  merged_case bigint NOT NULL,
  merged_at   timestamptz NOT NULL,
  merged_by   text NOT NULL,
  detail      jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX IF NOT EXISTS case_merges_case ON case_merges (case_id, id);
