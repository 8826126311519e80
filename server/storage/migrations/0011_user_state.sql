-- Agent state that follows the agent to any machine: saved inbox views and read marks,
-- both synced in the owner's private stream user:<id> (see shared/inbox/).

-- A saved view: the owner's named inbox filter. Deletes are tombstones so that every
-- cache of the owner learns about them.
CREATE TABLE saved_views (
  id          text PRIMARY KEY,
  owner_id    text NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  name        text NOT NULL,
  filter      jsonb NOT NULL,
  sort        text NOT NULL CHECK (sort IN ('latest', 'waitingLongest')),
  position    integer NOT NULL CHECK (position >= 0),
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now(),
  deleted_at  timestamptz
);
CREATE INDEX saved_views_owner_idx ON saved_views (owner_id);

-- How far each user has read each conversation: the conversation's last inbound time as
-- it was on their screen. Only ever moves forward (conversation.markRead).
CREATE TABLE read_marks (
  user_id          text NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  conversation_id  text NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
  read_at          timestamptz NOT NULL,
  updated_at       timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (user_id, conversation_id)
);
