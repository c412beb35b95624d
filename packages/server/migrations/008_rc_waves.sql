-- RC measurement waves run by the bot (issue 17): who takes part in which professional
-- group, who rates whom, the answers under a per-wave pseudonym, and a tenant's wording.
--
-- What could tie an answer to a person once the wave has closed, and what closing does
-- about it (in the one transaction that scores the wave, see closeWave in src/waves.ts):
-- - The pseudonym is HMAC-SHA256(wave key, person). The key is set NULL, and every
--   pseudonym is replaced by a fresh random one, so neither the database nor a backup
--   taken while the wave ran (which holds the key) can recompute who is who.
-- - Answers carry no time, no serial id and no link to a respondent row. Their rows are
--   written anew at close in the order of the new pseudonyms: the order they were stored
--   in and the transaction that stored them (xmin, the same as the respondent's
--   `answered` update and its audit entry) are gone.
-- - The respondent rows (who was asked, reminded, who answered) are deleted; only the
--   counts per group stay, on rc_wave_groups.
-- - A rater group with fewer than k respondents shows in no tie: its answers are deleted
--   after scoring (few people's answers, and its members are known from the organisation).
-- - The audit log records that a person answered once, at their first answer, with the
--   wave only: a count of answer events per person could be matched to the number of
--   partner groups a pseudonym rated.

CREATE TABLE rc_waves (
  id         bigserial PRIMARY KEY,
  tenant_id  text NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  name       text NOT NULL,
  opens_at   timestamptz NOT NULL,
  closes_at  timestamptz NOT NULL,
  k          integer NOT NULL CHECK (k >= 1),
  -- A respondent's rating of a group counts in the score when at least this many of the seven
  -- dimensions are answered ("ved ikke" leaves one out); 7, core's default, unless the wave says.
  min_items  integer NOT NULL DEFAULT 7 CHECK (min_items BETWEEN 1 AND 7),
  state      text NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'closed')),
  -- 32 random bytes while open; destroyed (NULL) at close.
  wave_key   bytea CHECK (octet_length(wave_key) = 32),
  -- The person (people.id) who started the wave and gets its digest; NULL when an API key started it without naming one.
  started_by text,
  -- The survey holding the scored result (one survey per series of waves over the same groups).
  survey_id  bigint REFERENCES rc_surveys (id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  closed_at  timestamptz,
  UNIQUE (tenant_id, name),
  CHECK (closes_at > opens_at),
  CHECK ((state = 'open') = (wave_key IS NOT NULL))
);
CREATE INDEX rc_waves_open ON rc_waves (closes_at) WHERE state = 'open';

CREATE TABLE rc_wave_groups (
  wave_id   bigint NOT NULL REFERENCES rc_waves (id) ON DELETE CASCADE,
  name      text NOT NULL,
  position  integer NOT NULL,
  -- Set at close, when the respondent rows go: how many were asked, how many answered.
  members   integer,
  answered  integer,
  PRIMARY KEY (wave_id, name)
);

-- Who rates whom: a rater group rates a rated group (its own included).
CREATE TABLE rc_wave_pairs (
  wave_id bigint NOT NULL,
  rater   text NOT NULL,
  rated   text NOT NULL,
  PRIMARY KEY (wave_id, rater, rated),
  FOREIGN KEY (wave_id, rater) REFERENCES rc_wave_groups (wave_id, name) ON DELETE CASCADE,
  FOREIGN KEY (wave_id, rated) REFERENCES rc_wave_groups (wave_id, name) ON DELETE CASCADE
);

-- The members of a wave's groups, each a respondent (a person in one group only). Their
-- delivery state; nothing that leads to their answers. Deleted at close.
CREATE TABLE rc_wave_respondents (
  wave_id        bigint NOT NULL,
  person         text NOT NULL,
  group_name     text NOT NULL,
  invited_at     timestamptz,
  reminders_sent integer NOT NULL DEFAULT 0 CHECK (reminders_sent BETWEEN 0 AND 2),
  answered       boolean NOT NULL DEFAULT false,
  PRIMARY KEY (wave_id, person),
  FOREIGN KEY (wave_id, group_name) REFERENCES rc_wave_groups (wave_id, name) ON DELETE CASCADE
);

-- One answer per respondent (pseudonym), partner group and dimension; NULL is "ved ikke".
CREATE TABLE rc_wave_answers (
  wave_id       bigint NOT NULL,
  pseudonym     text NOT NULL,
  rater_group   text NOT NULL,
  partner_group text NOT NULL,
  item          text NOT NULL CHECK (item IN ('frequent', 'timely', 'accurate', 'problem_solving', 'shared_goals', 'shared_knowledge', 'mutual_respect')),
  value         smallint CHECK (value BETWEEN 1 AND 5),
  PRIMARY KEY (wave_id, pseudonym, partner_group, item),
  FOREIGN KEY (wave_id, rater_group, partner_group) REFERENCES rc_wave_pairs (wave_id, rater, rated) ON DELETE CASCADE
);

-- A tenant's replacement of an item's text in one language (e.g. the licensed survey's).
CREATE TABLE rc_wording_overrides (
  tenant_id text NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  item      text NOT NULL,
  locale    text NOT NULL CHECK (locale IN ('da', 'en')),
  question  text NOT NULL,
  scale     text[] CHECK (scale IS NULL OR cardinality(scale) = 5),
  PRIMARY KEY (tenant_id, item, locale)
);
