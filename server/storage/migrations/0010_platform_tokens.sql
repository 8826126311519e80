-- The live OAuth tokens of a store whose platform issues expiring access tokens (Douyin Shop
-- tool apps, Pinduoduo, JD, Xiaohongshu, Weibo). SERVER ONLY: never synced, never in a change
-- or an HTTP answer (the store admin answer carries only the dates and the state).
-- The owner enters the first tokens in the store credentials; Huixin refreshes them here
-- (server/tokens/token-manager.ts), so the row, not the credentials, holds what is current.
-- entered_fingerprint = sha256 of the tokens the owner entered: new credentials replace the row.
CREATE TABLE platform_tokens (
  store_id              text PRIMARY KEY REFERENCES stores(id) ON DELETE CASCADE,
  access_token          text NOT NULL,
  refresh_token         text,
  expires_at            timestamptz,
  refresh_expires_at    timestamptz,
  -- When the current access token was obtained: its lifetime is expires_at - issued_at.
  issued_at             timestamptz NOT NULL,
  last_refresh_at       timestamptz,
  last_error            text,
  -- The platform refused the refresh (or the token expired with no way to refresh it):
  -- nothing calls the platform for this store until the owner enters new credentials.
  needs_reauthorization boolean NOT NULL DEFAULT false,
  entered_fingerprint   text NOT NULL,
  updated_at            timestamptz NOT NULL DEFAULT now()
);
