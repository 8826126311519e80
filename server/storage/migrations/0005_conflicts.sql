-- Issue 4, offline-first and conflicts.

-- Who last set a conversation's status or assignee through a mutation, so that an agent
-- whose concurrent change lost can be told who won ("Alex already resolved this").
-- `value` is what they set it to: when it differs from the conversation's current value,
-- something else (the system, a buyer reopening) changed it since and nobody is named.
CREATE TABLE conversation_field_authors (
  conversation_id text NOT NULL,
  field           text NOT NULL CHECK (field IN ('status', 'assignee')),
  value           text,
  user_id         text NOT NULL,
  changed_at      timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (conversation_id, field)
);
