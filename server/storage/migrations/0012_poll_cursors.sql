-- Where each polled source of a store has read up to (JD orders and comments: the end of the
-- last window stored; Weibo comments: the newest comment id stored). Kept here rather than in
-- memory so that a server restarted after a long outage resumes from what it really stored,
-- instead of looking back a fixed hour and missing what changed before that. Server only.
CREATE TABLE poll_cursors (
  store_id   text NOT NULL REFERENCES stores(id) ON DELETE CASCADE,
  source     text NOT NULL,
  value      text NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (store_id, source)
);
