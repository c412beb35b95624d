-- Operators give a key its own rate limit (requests a minute; NULL: the service's default)
-- and see when each key was last used (set at most once per key every few seconds, when an
-- instance looks the key up).
ALTER TABLE api_keys ADD COLUMN IF NOT EXISTS rate_limit integer CHECK (rate_limit > 0);
ALTER TABLE api_keys ADD COLUMN IF NOT EXISTS last_used_at timestamptz;
