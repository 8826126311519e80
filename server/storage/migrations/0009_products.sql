-- The product catalogue: one row per (store, platform product id), sent into chats as
-- product cards. `source` says where the row's data came from, so that a richer source is
-- never overwritten by a poorer one: 'feed' (the platform's product webhooks) and 'manual'
-- (an owner or lead) beat 'order' (a line item of an order, title/sku/unit price only).
CREATE TABLE products (
  id                  text PRIMARY KEY,
  store_id            text NOT NULL REFERENCES stores (id) ON DELETE CASCADE,
  platform_product_id text NOT NULL,
  title               text NOT NULL,
  sku                 text,
  price               text NOT NULL, -- decimal string, as orders keep money
  currency            text NOT NULL,
  image_url           text,
  url                 text,
  status              text NOT NULL CHECK (status IN ('active', 'archived')),
  source              text NOT NULL CHECK (source IN ('feed', 'order', 'manual')),
  updated_at          timestamptz NOT NULL,
  UNIQUE (store_id, platform_product_id)
);
