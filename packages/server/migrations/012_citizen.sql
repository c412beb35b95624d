-- A plan that is the citizen's own (issue 28): how a citizen reaches a professional (core's
-- Person.contact, set by the case system), and what the citizen writes before a meeting, stored
-- with the case (erased with it) and never sent to chat.
ALTER TABLE people ADD COLUMN IF NOT EXISTS contact text;

CREATE TABLE IF NOT EXISTS citizen_voices (
  id          bigserial PRIMARY KEY,
  case_id     bigint NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
  text        text NOT NULL,
  meeting     text,
  written_at  timestamptz NOT NULL
);
CREATE INDEX IF NOT EXISTS citizen_voices_case ON citizen_voices (case_id, written_at DESC);
