-- One coordination place per case and platform, claimed before it is created: a row
-- in state 'opening' (with a lease for the one opening it), its channel recorded the
-- moment it exists, each later step recorded as done, then 'open'. A second request
-- finds the claim; a crash leaves the row for the next request to finish.
ALTER TABLE chat_threads ALTER COLUMN channel DROP NOT NULL;
ALTER TABLE chat_threads ADD COLUMN state text NOT NULL DEFAULT 'open'; -- opening | open
ALTER TABLE chat_threads ADD COLUMN claimed_until timestamptz;
ALTER TABLE chat_threads ADD COLUMN steps text[] NOT NULL DEFAULT '{}'; -- done after creation: invited, pinned
