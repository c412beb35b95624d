-- Chat apps installed per workspace (a Slack team or Enterprise Grid organisation), their
-- tokens sealed (AES-256-GCM), and the one-time invitations that bind an install to a
-- municipality.
CREATE TABLE IF NOT EXISTS chat_installations (
  platform        text NOT NULL,
  workspace_id    text NOT NULL,
  enterprise      boolean NOT NULL DEFAULT false,
  bot_id          text,
  bot_user_id     text,
  bot_token       text NOT NULL,
  refresh_token   text,
  expires_at      timestamptz,
  installed_at    timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (platform, workspace_id)
);

CREATE TABLE IF NOT EXISTS chat_invitations (
  code_hash   text PRIMARY KEY,
  platform    text NOT NULL,
  tenant_id   text NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  expires_at  timestamptz NOT NULL,
  used_at     timestamptz,
  created_at  timestamptz NOT NULL DEFAULT now()
);
