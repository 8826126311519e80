import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import {
  PLATFORMS,
  STORES_PATH,
  storeCreateRequestSchema,
  storeUpdateRequestSchema,
  type AdminStore,
  type StoreAuthorization,
  type CredentialField,
  type FieldErrorsResponse,
  type PlatformForm,
} from '../../shared';
import { sessionFromRequest } from '../accounts/auth-routes';
import type { ConnectorLookup } from '../outbound/outbound-dispatcher';
import type { Database } from '../storage/database';
import type { StoreRow } from '../storage/rows';
import type { ChangeFeed } from '../sync/change-feed';
import { createStore, findStoreRow, listStoreRows, updateStore } from './stores';

export interface StoreRoutesOptions {
  db: Database;
  feed: ChangeFeed;
  connectorFor: ConnectorLookup;
  /** Base URL platforms reach this server at (webhook URLs are shown under it). */
  publicUrl: () => string;
  /** A store was added or its credentials changed: (re)start its message service now. */
  onStoresChanged: () => Promise<void>;
  /** Store ids with a live message-service subscription on this node. */
  liveMessageServices: () => readonly string[];
  /** The health of the store's platform authorization (token manager); dates and state only. */
  authorizationOf?: (storeId: string) => Promise<StoreAuthorization | null>;
}

const idParams = z.object({ id: z.string().min(1).max(128) });
const SECRET_NAME = /secret|token|password|key/i;

/**
 * Store administration for owners (`GET/POST /api/stores`, `PATCH /api/stores/:id`,
 * `GET /api/stores/platforms`). Credentials are validated with the platform connector's
 * own credentialsSchema and are write-only: no response carries a credential value.
 */
export function registerStoreRoutes(app: FastifyInstance, options: StoreRoutesOptions): void {
  const { db, feed, connectorFor } = options;

  const ownerOnly = async (request: FastifyRequest, reply: FastifyReply): Promise<boolean> => {
    const session = await sessionFromRequest(db, request);
    if (!session) {
      await reply.code(401).send({ error: 'Not logged in' });
      return false;
    }
    if (session.user.role !== 'owner') {
      await reply.code(403).send({ error: 'Only owners manage stores' });
      return false;
    }
    return true;
  };

  const toAdmin = async (row: StoreRow): Promise<AdminStore> => {
    const connector = connectorFor(row.platform);
    return {
      id: row.id,
      platform: row.platform,
      name: row.name,
      currency: row.currency,
      createdAt: row.created_at.toISOString(),
      webhookUrl: connector?.webhook ? `${options.publicUrl()}/webhooks/${row.platform}/${row.id}` : null,
      credentialFields: Object.entries(credentialsObject(row.credentials))
        .filter(([, value]) => value !== null && value !== undefined && value !== '')
        .map(([name]) => name)
        .sort(),
      hasConnector: connector !== undefined,
      messageServiceLive: options.liveMessageServices().includes(row.id),
      authorization: (await options.authorizationOf?.(row.id)) ?? null,
    };
  };

  /** Parses credentials with the connector's schema; errors keyed `credentials.<field>`. */
  const checkCredentials = (platform: StoreRow['platform'], credentials: Record<string, unknown>) => {
    const connector = connectorFor(platform);
    if (!connector) return { ok: true as const, value: credentials };
    const parsed = connector.credentialsSchema.safeParse(credentials);
    if (parsed.success) return { ok: true as const, value: parsed.data };
    return { ok: false as const, errors: fieldErrors(parsed.error, 'credentials') };
  };

  app.get(`${STORES_PATH}/platforms`, async (request, reply) => {
    if (!(await ownerOnly(request, reply))) return;
    const platforms: PlatformForm[] = PLATFORMS.map((platform) => {
      const connector = connectorFor(platform);
      return {
        platform,
        hasConnector: connector !== undefined,
        webhook: connector?.webhook !== undefined,
        fields: connector ? describeFields(connector.credentialsSchema) : [],
      };
    });
    return { platforms };
  });

  app.get(STORES_PATH, async (request, reply) => {
    if (!(await ownerOnly(request, reply))) return;
    return { stores: await Promise.all((await listStoreRows(db)).map(toAdmin)) };
  });

  app.post(STORES_PATH, async (request, reply) => {
    if (!(await ownerOnly(request, reply))) return;
    const body = storeCreateRequestSchema.safeParse(request.body);
    if (!body.success) return badRequest(reply, fieldErrors(body.error));
    const credentials = checkCredentials(body.data.platform, withoutEmpty(body.data.credentials));
    if (!credentials.ok) return badRequest(reply, credentials.errors);
    const store = await createStore(feed, {
      platform: body.data.platform,
      name: body.data.name,
      currency: body.data.currency,
      credentials: credentials.value,
    });
    await options.onStoresChanged();
    const row = await findStoreRow(db, store.id);
    if (!row) throw new Error(`store ${store.id} vanished`);
    return reply.code(201).send(await toAdmin(row));
  });

  app.patch(`${STORES_PATH}/:id`, async (request, reply) => {
    if (!(await ownerOnly(request, reply))) return;
    const { id } = idParams.parse(request.params);
    const existing = await findStoreRow(db, id);
    if (!existing) return reply.code(404).send({ error: `No store ${id}` });
    const body = storeUpdateRequestSchema.safeParse(request.body);
    if (!body.success) return badRequest(reply, fieldErrors(body.error));
    // Write-only fields: what the owner typed replaces the stored value, blanks keep it.
    const merged = { ...credentialsObject(existing.credentials), ...withoutEmpty(body.data.credentials ?? {}) };
    const credentials = checkCredentials(existing.platform, merged);
    if (!credentials.ok) return badRequest(reply, credentials.errors);
    await updateStore(feed, id, {
      name: body.data.name ?? existing.name,
      currency: body.data.currency ?? existing.currency,
      credentials: credentials.value,
    });
    await options.onStoresChanged();
    const row = await findStoreRow(db, id);
    if (!row) throw new Error(`store ${id} vanished`);
    return await toAdmin(row);
  });
}

function credentialsObject(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? { ...(value as Record<string, unknown>) } : {};
}

function withoutEmpty(values: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(values).filter(([, value]) => value.trim() !== ''));
}

function fieldErrors(error: z.ZodError, prefix?: string): FieldErrorsResponse {
  const errors: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = [prefix, ...issue.path.map(String)].filter((part) => part !== undefined && part !== '').join('.') || '_';
    errors[key] ??= issue.message;
  }
  return { error: 'Some fields need attention', fieldErrors: errors };
}

async function badRequest(reply: FastifyReply, body: FieldErrorsResponse): Promise<FastifyReply> {
  return reply.code(400).send(body);
}

/** The form fields of a connector's credentials schema (an object schema; else none). */
function describeFields(schema: z.ZodType): CredentialField[] {
  const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as {
    properties?: Record<string, unknown>;
    required?: string[];
  };
  const required = new Set(json.required ?? []);
  return Object.keys(json.properties ?? {}).map((name) => ({ name, required: required.has(name), secret: SECRET_NAME.test(name) }));
}
