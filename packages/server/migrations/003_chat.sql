-- Chat adapters: which workspace (a Slack team, an Entra tenant) belongs to which
-- municipality, and which deliveries from a platform were handled already.

CREATE TABLE chat_workspaces (
  platform     text NOT NULL, -- slack | teams
  workspace_id text NOT NULL,
  tenant_id    text NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  settings     jsonb NOT NULL DEFAULT '{}',
  created_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (platform, workspace_id)
);
CREATE INDEX chat_workspaces_tenant ON chat_workspaces (tenant_id, platform);

-- A platform retries a delivery it thinks was lost (Slack's X-Slack-Retry-Num, the
-- same event_id or trigger_id); the first insert wins, a repeat is acknowledged only.
CREATE TABLE chat_deliveries (
  platform    text NOT NULL,
  key         text NOT NULL,
  received_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (platform, key)
);

-- A person's identity on a platform, found by e-mail, is kept in people.chat;
-- this index finds the person behind a chat user.
CREATE INDEX people_chat_slack ON people (tenant_id, (chat->>'slack')) WHERE chat ? 'slack';
CREATE INDEX people_chat_teams ON people (tenant_id, (chat->>'teams')) WHERE chat ? 'teams';
