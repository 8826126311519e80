-- Issue 4: the change feed keeps history only for a window (server/sync/compaction.ts).
-- Superseded snapshots older than the window are deleted; `compacted_seq` is the highest
-- seq deleted so far, so a pull from a cursor below it cannot be answered gap-free and
-- gets `cursor_too_old` (the client re-reads the stream from 0).
ALTER TABLE streams ADD COLUMN compacted_seq bigint NOT NULL DEFAULT 0;

-- Finding whether a snapshot was superseded by a later one of the same entity.
CREATE INDEX changes_entity_seq_idx ON changes (stream, entity, entity_id, seq);
