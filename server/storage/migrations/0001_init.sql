-- Huixin schema v1. PostgreSQL dialect; runs on PGlite and PostgreSQL 15+.
-- Ids are text (uuids or fixed demo ids); times are timestamptz; money is kept as the
-- decimal string the platform sent so that no rounding ever touches a price.

CREATE TABLE users (
  id            text PRIMARY KEY,
  name          text NOT NULL,
  display_name  text NOT NULL,
  role          text NOT NULL CHECK (role IN ('agent', 'lead', 'owner')),
  password_hash text NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX users_name_key ON users (lower(name));

CREATE TABLE sessions (
  id          text PRIMARY KEY,
  user_id     text NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  token_hash  text NOT NULL UNIQUE, -- sha256 hex of the bearer token; the token itself is never stored
  created_at  timestamptz NOT NULL DEFAULT now(),
  expires_at  timestamptz NOT NULL,
  revoked     boolean NOT NULL DEFAULT false
);
CREATE INDEX sessions_user_idx ON sessions (user_id);

CREATE TABLE stores (
  id          text PRIMARY KEY,
  platform    text NOT NULL,
  name        text NOT NULL,
  currency    text NOT NULL,
  credentials jsonb NOT NULL DEFAULT '{}'::jsonb, -- server only, never synced
  created_at  timestamptz NOT NULL DEFAULT now()
);

-- Which agent may see which store. Leads and owners see every store without a row here.
CREATE TABLE agent_stores (
  user_id  text NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  store_id text NOT NULL REFERENCES stores (id) ON DELETE CASCADE,
  PRIMARY KEY (user_id, store_id)
);

CREATE TABLE customers (
  id               text PRIMARY KEY,
  store_id         text NOT NULL REFERENCES stores (id) ON DELETE CASCADE,
  platform         text NOT NULL,
  platform_user_id text NOT NULL,
  nickname         text NOT NULL,
  locale           text,
  email            text, -- personal data for reply-by-email; never synced
  created_at       timestamptz NOT NULL DEFAULT now(),
  UNIQUE (store_id, platform_user_id)
);

CREATE TABLE conversations (
  id                     text PRIMARY KEY,
  store_id               text NOT NULL REFERENCES stores (id) ON DELETE CASCADE,
  customer_id            text NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
  kind                   text NOT NULL CHECK (kind IN ('chat', 'order', 'review', 'comment')),
  -- What makes a thread one thread: the platform's thread id, 'order:<id>', 'review:<id>' or ''.
  thread_key             text NOT NULL,
  platform_thread_id     text,
  platform_order_id      text,
  subject                text,
  status                 text NOT NULL CHECK (status IN ('open', 'pending', 'resolved')),
  assignee_id            text REFERENCES users (id) ON DELETE SET NULL,
  last_message_at        timestamptz NOT NULL,
  last_message_preview   text NOT NULL,
  last_message_direction text NOT NULL,
  waiting_since          timestamptz,
  last_inbound_at        timestamptz,
  created_at             timestamptz NOT NULL DEFAULT now(),
  updated_at             timestamptz NOT NULL DEFAULT now(),
  UNIQUE (store_id, customer_id, kind, thread_key)
);

CREATE TABLE messages (
  id                  text PRIMARY KEY,
  conversation_id     text NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
  store_id            text NOT NULL REFERENCES stores (id) ON DELETE CASCADE,
  direction           text NOT NULL CHECK (direction IN ('in', 'out', 'note', 'system')),
  author_id           text REFERENCES users (id) ON DELETE SET NULL,
  body                text NOT NULL,
  sent_at             timestamptz NOT NULL,
  delivery            text NOT NULL CHECK (delivery IN ('received', 'pending', 'sent', 'failed')),
  failure_reason      text,
  platform_message_id text,
  created_at          timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX messages_conversation_idx ON messages (conversation_id, sent_at);

CREATE TABLE orders (
  id                text PRIMARY KEY,
  store_id          text NOT NULL REFERENCES stores (id) ON DELETE CASCADE,
  customer_id       text NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
  platform_order_id text NOT NULL,
  status            text NOT NULL,
  currency          text NOT NULL,
  total_amount      text NOT NULL,
  items             jsonb NOT NULL,
  created_at        timestamptz NOT NULL,
  updated_at        timestamptz NOT NULL,
  UNIQUE (store_id, platform_order_id)
);

-- The change feed: one gap-free sequence per stream ('team', 'store:<id>').
CREATE TABLE streams (
  stream   text PRIMARY KEY,
  head_seq bigint NOT NULL DEFAULT 0
);

CREATE TABLE changes (
  stream     text NOT NULL,
  seq        bigint NOT NULL,
  entity     text NOT NULL,
  entity_id  text NOT NULL,
  data       jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (stream, seq)
);

-- Each client mutation id is applied once; a replay answers with the stored result.
CREATE TABLE applied_mutations (
  mutation_id text PRIMARY KEY,
  user_id     text NOT NULL,
  type        text NOT NULL,
  result      jsonb,
  created_at  timestamptz NOT NULL DEFAULT now()
);

-- Inbound event dedupe: the same platform delivery twice is stored once.
CREATE TABLE inbound_deliveries (
  store_id    text NOT NULL REFERENCES stores (id) ON DELETE CASCADE,
  dedupe_key  text NOT NULL,
  received_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (store_id, dedupe_key)
);

-- Native events a connector understood but Huixin does not use: recorded, not crashed on.
CREATE TABLE ignored_events (
  store_id      text NOT NULL REFERENCES stores (id) ON DELETE CASCADE,
  dedupe_key    text NOT NULL,
  platform_type text NOT NULL,
  reason        text NOT NULL,
  received_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (store_id, dedupe_key)
);

-- The outbound queue's bookkeeping: one row per pending outbound message.
CREATE TABLE outbound_jobs (
  message_id      text PRIMARY KEY REFERENCES messages (id) ON DELETE CASCADE,
  attempts        integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL DEFAULT now(),
  lease_until     timestamptz, -- a worker owns the job until then; nobody else sends it
  last_error      text
);
CREATE INDEX outbound_jobs_due_idx ON outbound_jobs (next_attempt_at);
