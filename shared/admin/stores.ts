import { z } from 'zod';
import { isoTimeSchema, idSchema } from '../domain/entities';
import { currencySchema, platformSchema } from '../domain/platforms';

/**
 * Store administration over HTTP (owner only): `GET/POST /api/stores`,
 * `PATCH /api/stores/:id`. Credentials are write-only: requests may carry them, responses
 * only say which credential fields are set, never their values.
 */
export const STORES_PATH = '/api/stores';

const credentialsInput = z.record(z.string().max(64), z.string().max(4096));

export const storeCreateRequestSchema = z.object({
  platform: platformSchema,
  name: z.string().trim().min(1).max(200),
  currency: currencySchema,
  credentials: credentialsInput,
});
export type StoreCreateRequest = z.infer<typeof storeCreateRequestSchema>;

export const storeUpdateRequestSchema = z.object({
  name: z.string().trim().min(1).max(200).optional(),
  currency: currencySchema.optional(),
  /** Fields given replace the stored ones; fields left out (or empty) keep their value. */
  credentials: credentialsInput.optional(),
});
export type StoreUpdateRequest = z.infer<typeof storeUpdateRequestSchema>;

/**
 * The health of a store's platform authorization (OAuth access token), for owners: dates and
 * a state, never a token. `reauthorize`: the platform refused to renew it (or it expired and
 * cannot be renewed): Huixin stops calling the platform for the store until the owner
 * enters new tokens. `expiring`: it is due for renewal (or, when it cannot be renewed, close
 * to expiry).
 */
export const storeAuthorizationSchema = z.object({
  state: z.enum(['ok', 'expiring', 'reauthorize']),
  expiresAt: isoTimeSchema.nullable(),
  refreshExpiresAt: isoTimeSchema.nullable(),
  lastRefreshAt: isoTimeSchema.nullable(),
  lastError: z.string().nullable(),
  /** Huixin renews the token itself (the platform has a refresh call and a refresh token was entered). */
  renewable: z.boolean(),
});
export type StoreAuthorization = z.infer<typeof storeAuthorizationSchema>;

export const adminStoreSchema = z.object({
  id: idSchema,
  platform: platformSchema,
  name: z.string(),
  currency: currencySchema,
  createdAt: isoTimeSchema,
  /** Where the platform must POST its webhooks; null for platforms Huixin connects out to. */
  webhookUrl: z.string().nullable(),
  /** Names of the credential fields that hold a value; the values never leave the server. */
  credentialFields: z.array(z.string()),
  /** True when a connector exists for the platform. */
  hasConnector: z.boolean(),
  /** Whether a message-service subscription (Taobao TMC …) is live for this store. */
  messageServiceLive: z.boolean(),
  /** Null for platforms without expiring access tokens (or none entered). */
  authorization: storeAuthorizationSchema.nullable().default(null),
});
export type AdminStore = z.infer<typeof adminStoreSchema>;

export const adminStoreListSchema = z.object({ stores: z.array(adminStoreSchema) });

/** A 400 answer: a message plus one message per bad field (credentials fields by name). */
export const fieldErrorsResponseSchema = z.object({
  error: z.string(),
  fieldErrors: z.record(z.string(), z.string()).default({}),
});
export type FieldErrorsResponse = z.infer<typeof fieldErrorsResponseSchema>;

/** `GET /api/stores/platforms`: what the add-store form asks for, per platform. */
export const credentialFieldSchema = z.object({
  name: z.string(),
  required: z.boolean(),
  /** Shown as a password field (secrets, tokens, keys). */
  secret: z.boolean(),
});
export type CredentialField = z.infer<typeof credentialFieldSchema>;

export const platformFormSchema = z.object({
  platform: platformSchema,
  hasConnector: z.boolean(),
  /** The platform POSTs webhooks to Huixin (else Huixin connects out, or nothing yet). */
  webhook: z.boolean(),
  fields: z.array(credentialFieldSchema),
});
export type PlatformForm = z.infer<typeof platformFormSchema>;
export const platformFormListSchema = z.object({ platforms: z.array(platformFormSchema) });
