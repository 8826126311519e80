-- Reviews as records (issue 3): one row per (store, platform review id), beside the review
-- thread that holds the buyer's text as messages. A follow-up review of the same id
-- updates the row; `seller_reply` ({"body", "at"}) is set when the platform accepted the
-- agent's answer (or when the platform reports one written elsewhere). `images` is a JSON
-- array of {"url", "thumbnailUrl"?}; only https URLs are stored (shared/domain/entities.ts).
CREATE TABLE reviews (
  id                  text PRIMARY KEY,
  store_id            text NOT NULL REFERENCES stores (id) ON DELETE CASCADE,
  customer_id         text NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
  conversation_id     text NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
  platform_review_id  text NOT NULL,
  rating              integer NOT NULL CHECK (rating BETWEEN 1 AND 5),
  body                text NOT NULL,
  images              jsonb NOT NULL DEFAULT '[]'::jsonb,
  product_title       text NOT NULL,
  platform_product_id text,
  platform_order_id   text,
  seller_reply        jsonb,
  flag_reason         text CHECK (flag_reason IN ('low_rating', 'negative_words')),
  created_at          timestamptz NOT NULL,
  updated_at          timestamptz NOT NULL,
  UNIQUE (store_id, platform_review_id)
);
CREATE INDEX reviews_customer_idx ON reviews (customer_id);
CREATE INDEX reviews_conversation_idx ON reviews (conversation_id);
