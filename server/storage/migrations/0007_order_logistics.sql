-- Carrier and tracking number of a shipped order, as the platform reports them
-- ({"company": "...", "trackingNumber": "..."}); NULL before shipping or where the platform
-- gives none. Synced inside the order snapshot: agents quote it to buyers, and the
-- {{logistics.*}} quick-reply variables read it.
ALTER TABLE orders ADD COLUMN logistics jsonb;
