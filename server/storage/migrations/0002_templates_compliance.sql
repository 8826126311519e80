-- Issue 5: quick-reply templates, compliance terms and per-store compliance mode, and
-- the records team leads read: template usage and compliance blocks/overrides.

-- Scope decides the sync stream: personal -> user:<owner_id>, team -> team, store -> store:<store_id>.
CREATE TABLE quick_replies (
  id          text PRIMARY KEY,
  scope       text NOT NULL CHECK (scope IN ('personal', 'team', 'store')),
  store_id    text REFERENCES stores (id) ON DELETE CASCADE,
  owner_id    text REFERENCES users (id) ON DELETE CASCADE,
  title       text NOT NULL,
  shortcut    text NOT NULL,
  body        text NOT NULL,
  category    text NOT NULL DEFAULT '',
  language    text NOT NULL CHECK (language IN ('zh-CN', 'en')),
  set_status  text,
  add_tag     text,
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now(),
  deleted_at  timestamptz, -- tombstone: deletes sync like edits
  CHECK ((scope = 'store') = (store_id IS NOT NULL)),
  CHECK ((scope = 'personal') = (owner_id IS NOT NULL))
);
-- Import matches existing templates by (scope, store, owner, language, shortcut).
CREATE INDEX quick_replies_shortcut_idx ON quick_replies (scope, store_id, owner_id, language, lower(shortcut)) WHERE deleted_at IS NULL;

-- Custom terms and overrides of the built-in list (shared/compliance/default-terms.ts):
-- a row whose id is a default's id replaces that default; with deleted_at it switches it off.
CREATE TABLE compliance_terms (
  id          text PRIMARY KEY,
  term        text NOT NULL,
  reason      jsonb NOT NULL,
  suggestion  jsonb NOT NULL,
  severity    text NOT NULL CHECK (severity IN ('banned', 'risky')),
  platform    text,
  store_id    text REFERENCES stores (id) ON DELETE CASCADE,
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now(),
  deleted_at  timestamptz
);

-- A store without a row here has the default settings (compliance mode 'warn').
CREATE TABLE store_settings (
  store_id        text PRIMARY KEY REFERENCES stores (id) ON DELETE CASCADE,
  compliance_mode text NOT NULL DEFAULT 'warn' CHECK (compliance_mode IN ('off', 'warn', 'block')),
  updated_at      timestamptz NOT NULL DEFAULT now()
);

-- One row per template per sent message: who used which template, when.
CREATE TABLE template_usage (
  template_id text NOT NULL REFERENCES quick_replies (id) ON DELETE CASCADE,
  user_id     text NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  message_id  text NOT NULL,
  used_at     timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (template_id, message_id)
);
CREATE INDEX template_usage_user_idx ON template_usage (user_id, used_at);

-- Every send the compliance check stopped ('blocked') and every send that went out with
-- findings the agent saw ('override').
CREATE TABLE compliance_events (
  id              bigserial PRIMARY KEY,
  kind            text NOT NULL CHECK (kind IN ('blocked', 'override')),
  mode            text NOT NULL CHECK (mode IN ('warn', 'block')),
  user_id         text NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  store_id        text NOT NULL REFERENCES stores (id) ON DELETE CASCADE,
  conversation_id text NOT NULL,
  message_id      text NOT NULL,
  body            text NOT NULL,
  findings        jsonb NOT NULL,
  reason          text,
  created_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX compliance_events_created_idx ON compliance_events (created_at DESC);
