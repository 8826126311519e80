-- Issue 4, security: account removal, reveal permission, buyer contact data (server only),
-- the audit log and team settings (retention).

-- An owner disables an account (no login, sessions cut) or removes it (also loses every
-- store grant). The row stays so that authorship of past replies keeps its name.
ALTER TABLE users ADD COLUMN disabled_at timestamptz;
ALTER TABLE users ADD COLUMN removed_at timestamptz;
-- Agents may be allowed to reveal buyers' personal data; leads and owners always may.
ALTER TABLE users ADD COLUMN can_reveal_pii boolean NOT NULL DEFAULT false;

-- Buyer contact data as the platform gave it. Never synced unmasked (storage/rows.ts masks it).
ALTER TABLE customers ADD COLUMN real_name text;
ALTER TABLE customers ADD COLUMN phone text;
ALTER TABLE customers ADD COLUMN address text;
ALTER TABLE customers ADD COLUMN id_number text;
-- Set when the buyer's personal data was erased on request (DELETE /api/customers/:id).
ALTER TABLE customers ADD COLUMN erased_at timestamptz;

-- Who revealed, exported, erased or revoked what, and when. Append-only; owners read it.
CREATE TABLE audit_log (
  id          bigserial PRIMARY KEY,
  at          timestamptz NOT NULL DEFAULT now(),
  actor_id    text, -- null: the admin CLI
  actor_name  text NOT NULL,
  action      text NOT NULL,
  store_id    text,
  customer_id text,
  target_id   text,
  detail      text NOT NULL DEFAULT ''
);
CREATE INDEX audit_log_customer_idx ON audit_log (customer_id);

-- One row (id 'team'); synced on the team stream as the `settings` entity.
CREATE TABLE team_settings (
  id             text PRIMARY KEY CHECK (id = 'team'),
  retention_days integer CHECK (retention_days IS NULL OR retention_days BETWEEN 1 AND 3650),
  updated_at     timestamptz NOT NULL DEFAULT now()
);
