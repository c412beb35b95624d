-- The meeting where things get decided (issue 25): a case's meetings, its disagreements, and
-- decisions owned by several departments with each one's confirmation.

-- A meeting of a case, in core's Meeting shape (`body`); its start and state as columns for the
-- plan card's "next meeting" and the outcome. No free text: a place is a link or a room id.
CREATE TABLE IF NOT EXISTS meetings (
  case_id    bigint NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
  id         text NOT NULL,
  starts_at  timestamptz NOT NULL,
  state      text NOT NULL DEFAULT 'booked', -- booked | held | cancelled
  body       jsonb NOT NULL,
  booked_by  text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (case_id, id)
);

-- A disagreement about an intervention or a responsibility (core's Disagreement in `body`): its
-- decider and deadline were set when it was raised, from the agreement and the tenant's settings.
CREATE TABLE IF NOT EXISTS disagreements (
  case_id    bigint NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
  id         text NOT NULL,
  state      text NOT NULL DEFAULT 'open', -- open | resolved
  decider    text,
  body       jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (case_id, id)
);

-- A decision owned by one or several departments (`departments`; `department` keeps the first, as
-- before) and each department's confirmation (core's DecisionConfirmation[]), in the order they came.
ALTER TABLE decisions ADD COLUMN IF NOT EXISTS departments text[];
ALTER TABLE decisions ADD COLUMN IF NOT EXISTS confirmations jsonb NOT NULL DEFAULT '[]';
