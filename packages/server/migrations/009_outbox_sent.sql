-- The scheduler removes delivered messages past their retention on every tick: without an
-- index on them that is a scan of every message kept (up to 30 days of them) once a minute.
CREATE INDEX IF NOT EXISTS outbox_sent ON outbox (sent_at) WHERE status = 'sent';
