-- Issue 3, the merged inbox: snooze, priority, tags, customer links across stores, order
-- and product cards on messages, and the team's automatic assignment setting.

ALTER TABLE conversations DROP CONSTRAINT conversations_status_check;
ALTER TABLE conversations ADD CONSTRAINT conversations_status_check
  CHECK (status IN ('open', 'pending', 'snoozed', 'resolved'));
ALTER TABLE conversations ADD COLUMN snoozed_until timestamptz;
ALTER TABLE conversations ADD COLUMN priority text NOT NULL DEFAULT 'normal'
  CHECK (priority IN ('low', 'normal', 'high', 'urgent'));
ALTER TABLE conversations ADD COLUMN tags jsonb NOT NULL DEFAULT '[]'::jsonb;
-- The snooze waker looks for due threads; the assigner counts each agent's open threads.
CREATE INDEX conversations_snoozed_idx ON conversations (snoozed_until) WHERE status = 'snoozed';
CREATE INDEX conversations_assignee_open_idx ON conversations (assignee_id) WHERE status = 'open';

-- Customers with the same link_id are one person across stores (customer.link).
ALTER TABLE customers ADD COLUMN link_id text;
CREATE INDEX customers_link_idx ON customers (link_id) WHERE link_id IS NOT NULL;

ALTER TABLE messages ADD COLUMN card jsonb;

-- One row: the team's automatic assignment setting, and whom round-robin picked last.
CREATE TABLE assignment_settings (
  id               boolean PRIMARY KEY DEFAULT true CHECK (id),
  assignment_mode  text NOT NULL DEFAULT 'off' CHECK (assignment_mode IN ('off', 'round_robin', 'load_balanced')),
  assignment_cap   integer NOT NULL DEFAULT 10 CHECK (assignment_cap BETWEEN 1 AND 1000),
  last_assignee_id text
);
INSERT INTO assignment_settings DEFAULT VALUES;
