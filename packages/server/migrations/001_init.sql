-- The coordination service's first schema. Every row of case data belongs to a
-- tenant (a municipality); every query filters on tenant_id.

CREATE TABLE tenants (
  id            text PRIMARY KEY,
  name          text NOT NULL,
  closing_days  date[] NOT NULL DEFAULT '{}',
  created_at    timestamptz NOT NULL DEFAULT now()
);

-- Only a hash of each key's secret is kept; `id` is the key's public prefix.
CREATE TABLE api_keys (
  id          text PRIMARY KEY,
  tenant_id   text NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  secret_hash text NOT NULL,
  label       text NOT NULL DEFAULT '',
  created_at  timestamptz NOT NULL DEFAULT now(),
  revoked_at  timestamptz
);

CREATE TABLE departments (
  tenant_id text NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  id        text NOT NULL,
  name      text NOT NULL,
  kind      text NOT NULL,
  head      text,
  PRIMARY KEY (tenant_id, id)
);

CREATE TABLE teams (
  tenant_id  text NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  id         text NOT NULL,
  name       text NOT NULL,
  department text NOT NULL,
  lead       text NOT NULL,
  PRIMARY KEY (tenant_id, id)
);

CREATE TABLE people (
  tenant_id    text NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  id           text NOT NULL,
  name         text NOT NULL,
  email        text NOT NULL,
  department   text NOT NULL,
  title        text,
  team         text,
  team_lead    text,
  chat         jsonb NOT NULL DEFAULT '{}',
  availability jsonb NOT NULL DEFAULT '{"status": "active"}',
  PRIMARY KEY (tenant_id, id)
);
CREATE INDEX people_email ON people (tenant_id, lower(email));

CREATE TABLE cases (
  id               bigserial PRIMARY KEY,
  tenant_id        text NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  reference        text NOT NULL,
  status           text NOT NULL DEFAULT 'active',
  departments      text[] NOT NULL DEFAULT '{}',
  case_system_url  text,
  coordinator      text,
  coordination     text NOT NULL DEFAULT 'none', -- none | open | closed
  opened_at        timestamptz NOT NULL,
  last_activity_at timestamptz NOT NULL,
  -- When the stall scheduler should look at the case next.
  next_check_at    timestamptz NOT NULL DEFAULT now(),
  updated_at       timestamptz NOT NULL DEFAULT now(),
  UNIQUE (tenant_id, reference)
);
CREATE INDEX cases_due ON cases (next_check_at) WHERE status = 'active';
CREATE INDEX cases_coordinator ON cases (tenant_id, coordinator);

CREATE TABLE participants (
  case_id    bigint NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
  person     text NOT NULL,
  department text NOT NULL,
  role       text NOT NULL,
  PRIMARY KEY (case_id, person, role)
);

-- Every give and withdraw is kept; the newest row is the consent in force.
CREATE TABLE consents (
  id          bigserial PRIMARY KEY,
  case_id     bigint NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
  body        jsonb NOT NULL,
  recorded_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX consents_case ON consents (case_id, id DESC);

CREATE TABLE coordinator_assignments (
  id          bigserial PRIMARY KEY,
  case_id     bigint NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
  person      text NOT NULL,
  from_at     timestamptz NOT NULL,
  to_at       timestamptz,
  reason      text,
  assigned_by text
);
CREATE INDEX coordinator_assignments_case ON coordinator_assignments (case_id, id);

-- Plans and matrices are validated JSON with a version for optimistic concurrency.
CREATE TABLE plans (
  case_id    bigint PRIMARY KEY REFERENCES cases (id) ON DELETE CASCADE,
  version    integer NOT NULL,
  body       jsonb NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE matrices (
  case_id    bigint PRIMARY KEY REFERENCES cases (id) ON DELETE CASCADE,
  version    integer NOT NULL,
  body       jsonb NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE activities (
  id          bigserial PRIMARY KEY,
  case_id     bigint NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
  kind        text NOT NULL,
  body        jsonb NOT NULL DEFAULT '{}',
  occurred_at timestamptz NOT NULL,
  actor       text NOT NULL,
  recorded_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX activities_case ON activities (case_id, occurred_at DESC);

-- Decisions requested of an authority; decided_at is null while awaited.
CREATE TABLE decisions (
  case_id      bigint NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
  id           text NOT NULL,
  department   text NOT NULL,
  requested_at timestamptz NOT NULL,
  decided_at   timestamptz,
  PRIMARY KEY (case_id, id)
);

CREATE TABLE rc_surveys (
  id          bigserial PRIMARY KEY,
  tenant_id   text NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  name        text NOT NULL,
  waves       text[] NOT NULL DEFAULT '{}',
  ratings     integer NOT NULL,
  uploaded_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE rc_results (
  survey_id bigint NOT NULL REFERENCES rc_surveys (id) ON DELETE CASCADE,
  wave      text NOT NULL, -- '' for a survey without waves
  result    jsonb NOT NULL,
  PRIMARY KEY (survey_id, wave)
);

CREATE TABLE chat_threads (
  id         bigserial PRIMARY KEY,
  tenant_id  text NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  case_id    bigint NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
  platform   text NOT NULL, -- slack | teams
  channel    text NOT NULL,
  thread     text,
  card       text,          -- the message holding the plan card, edited in place
  created_at timestamptz NOT NULL DEFAULT now(),
  closed_at  timestamptz,
  UNIQUE (case_id, platform)
);

-- A nudge exists once per (case, reason, period), however many schedulers run.
CREATE TABLE nudges (
  id              bigserial PRIMARY KEY,
  tenant_id       text NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  case_id         bigint NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
  reason          text NOT NULL,
  subject         text NOT NULL DEFAULT '',
  period          text NOT NULL,
  step            integer NOT NULL DEFAULT 0, -- 0 coordinator, 1 team lead, 2 head of department
  recipient       text,
  status          text NOT NULL DEFAULT 'open', -- open | acknowledged | snoozed | closed
  since           timestamptz NOT NULL,
  created_at      timestamptz NOT NULL DEFAULT now(),
  acknowledged_at timestamptz,
  snoozed_until   timestamptz,
  UNIQUE (case_id, reason, subject, period)
);

CREATE TABLE outbox (
  id              bigserial PRIMARY KEY,
  tenant_id       text NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  kind            text NOT NULL, -- nudge | escalation | digest | notice
  recipient       text NOT NULL,
  payload         jsonb NOT NULL,
  dedupe_key      text NOT NULL UNIQUE,
  status          text NOT NULL DEFAULT 'pending', -- pending | sending | sent | dead
  attempts        integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL DEFAULT now(),
  locked_until    timestamptz,
  last_error      text,
  created_at      timestamptz NOT NULL DEFAULT now(),
  sent_at         timestamptz
);
CREATE INDEX outbox_due ON outbox (next_attempt_at) WHERE status IN ('pending', 'sending');

CREATE TABLE audit_log (
  id             bigserial PRIMARY KEY,
  tenant_id      text NOT NULL,
  actor_kind     text NOT NULL, -- api-key | widget | chat | system
  actor          text NOT NULL,
  action         text NOT NULL,
  case_reference text,
  at             timestamptz NOT NULL DEFAULT now(),
  detail         jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX audit_log_case ON audit_log (tenant_id, case_reference, at);
