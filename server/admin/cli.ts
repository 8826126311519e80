import { parseArgs } from 'node:util';
import { z } from 'zod';
import { currencySchema, platformSchema, roleSchema, type Platform } from '../../shared';
import { UserExistsError, createUser, findUserByName, listUsers } from '../accounts/users';
import { connectorFor } from '../connectors/index';
import type { Database } from '../storage/database';
import { AccountAdminError, disableUser, revokeStoreGrant } from '../security/account-admin';
import { DataFolderLockedError } from '../storage/folder-lock';
import { databaseConfigFromEnv, openDatabase } from '../storage/open-database';
import { createStore, findStoreRow, grantStore, listStoreRows, updateStore } from '../stores/stores';
import { ChangeFeed } from '../sync/change-feed';

/**
 * `npm run admin -- <command>`: accounts and stores, on the same database as the server
 * (DATABASE_URL, else the PGlite folder HUIXIN_DATA_DIR / .data/pglite — which allows one
 * process at a time, so stop the server first when using the embedded database).
 */
const USAGE = `Usage: npm run admin -- <command>

  user add --name N --role agent|lead|owner --password P [--display-name D]
  user list
  user disable --name N         no more logins; the user's sessions and sockets end
  user remove --name N          disable and withdraw every store grant
  user allow-reveal --name N    let an agent reveal buyers' masked personal data (audited)
  store add --platform P --name N [--secret S] [--currency C] [--credentials JSON]
  store edit --store STORE_ID [--name N] [--credentials JSON]
                                fields given replace the stored ones (e.g. new OAuth tokens:
                                '{"accessToken":"…","refreshToken":"…","accessExpiresAt":"2026-05-01"}')
  store list
  store grant --store STORE_ID --user NAME
  store revoke --store STORE_ID --user NAME

Environment: DATABASE_URL (PostgreSQL) or HUIXIN_DATA_DIR (PGlite folder, default .data/pglite);
HUIXIN_PUBLIC_URL or PORT for the webhook URLs printed by "store add".`;

class UsageError extends Error {}

const userAddSchema = z.object({
  name: z.string().trim().min(1).max(64).regex(/^\S+$/, 'a name without spaces'),
  role: roleSchema,
  password: z.string().min(8, 'at least 8 characters').max(256),
  'display-name': z.string().trim().min(1).max(128).optional(),
});

const storeAddSchema = z.object({
  platform: platformSchema,
  name: z.string().trim().min(1).max(200),
  secret: z.string().min(1).max(512).optional(),
  currency: currencySchema.optional(),
  credentials: z.string().optional(),
});

const storeEditSchema = z.object({
  store: z.string().min(1),
  name: z.string().trim().min(1).max(200).optional(),
  credentials: z.string().optional(),
});

const storeGrantSchema = z.object({ store: z.string().min(1), user: z.string().min(1) });
const userNameSchema = z.object({ name: z.string().trim().min(1).max(64) });

/** Which credential field `--secret` fills: the one that signs what the platform sends. */
const SECRET_FIELD: Partial<Record<Platform, string>> = { shopify: 'webhookSecret', taobao: 'appSecret', woocommerce: 'webhookSecret' };
const DEFAULT_CURRENCY: Partial<Record<Platform, z.infer<typeof currencySchema>>> = { shopify: 'USD', woocommerce: 'USD' };

function parseOptions<S extends z.ZodType>(schema: S, values: Record<string, unknown>): z.infer<S> {
  const parsed = schema.safeParse(values);
  if (!parsed.success) throw new UsageError(z.prettifyError(parsed.error));
  return parsed.data;
}

function publicBaseUrl(): string {
  const configured = process.env.HUIXIN_PUBLIC_URL;
  return (configured || `http://localhost:${process.env.PORT || 3210}`).replace(/\/+$/, '');
}

async function run(argv: string[], db: Database): Promise<unknown> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      name: { type: 'string' },
      role: { type: 'string' },
      password: { type: 'string' },
      'display-name': { type: 'string' },
      platform: { type: 'string' },
      secret: { type: 'string' },
      currency: { type: 'string' },
      credentials: { type: 'string' },
      store: { type: 'string' },
      user: { type: 'string' },
    },
  });
  const feed = new ChangeFeed(db);
  const command = positionals.join(' ');

  switch (command) {
    case 'user add': {
      const options = parseOptions(userAddSchema, values);
      const user = await createUser(feed, {
        name: options.name,
        role: options.role,
        password: options.password,
        displayName: options['display-name'],
      });
      return user;
    }
    case 'user list':
      return listUsers(db);
    case 'user disable':
    case 'user remove': {
      const options = parseOptions(userNameSchema, values);
      const user = await findUserByName(db, options.name);
      if (!user) throw new UsageError(`No user ${options.name} (see: npm run admin -- user list)`);
      const remove = command === 'user remove';
      const row = await disableUser(db, user.id, { remove, actor: null });
      return {
        ok: true,
        user: row.name,
        [remove ? 'removed' : 'disabled']: true,
        note: 'Running servers cut this user\'s sockets within their access check interval (10 s by default).',
      };
    }
    case 'user allow-reveal': {
      const options = parseOptions(userNameSchema, values);
      const rows = await db.query<{ name: string }>('UPDATE users SET can_reveal_pii = true WHERE lower(name) = lower($1) RETURNING name', [options.name]);
      if (rows.length === 0) throw new UsageError(`No user ${options.name} (see: npm run admin -- user list)`);
      return { ok: true, user: rows[0]?.name, canRevealPii: true, note: 'Takes effect at the user\'s next login.' };
    }
    case 'store add': {
      const options = parseOptions(storeAddSchema, values);
      const credentials = options.credentials !== undefined ? parseCredentialsOption(options.credentials) : {};
      if (options.secret !== undefined) credentials[SECRET_FIELD[options.platform] ?? 'secret'] = options.secret;
      const connector = connectorFor(options.platform);
      if (connector) {
        const checked = connector.credentialsSchema.safeParse(credentials);
        if (!checked.success) {
          throw new UsageError(
            `The ${options.platform} connector needs other credentials (pass them with --credentials JSON):\n${z.prettifyError(checked.error)}`,
          );
        }
      }
      const store = await createStore(feed, {
        platform: options.platform,
        name: options.name,
        currency: options.currency ?? DEFAULT_CURRENCY[options.platform] ?? 'CNY',
        credentials,
      });
      const receivesWebhooks = !connector || Boolean(connector.webhook);
      return {
        id: store.id,
        platform: store.platform,
        name: store.name,
        webhookUrl: receivesWebhooks ? `${publicBaseUrl()}/webhooks/${store.platform}/${store.id}` : null,
        ...(connector?.messageService
          ? { messageService: 'Huixin connects out to this platform\'s message service with the store credentials; restart the server to subscribe.' }
          : {}),
        ...(connector ? {} : { warning: `No ${store.platform} connector yet: the store exists but receives nothing.` }),
      };
    }
    case 'store edit': {
      const options = parseOptions(storeEditSchema, values);
      const existing = await findStoreRow(db, options.store);
      if (!existing) throw new UsageError(`No store ${options.store} (see: npm run admin -- store list)`);
      const stored = typeof existing.credentials === 'object' && existing.credentials !== null ? (existing.credentials as Record<string, unknown>) : {};
      const merged = { ...stored, ...(options.credentials !== undefined ? parseCredentialsOption(options.credentials) : {}) };
      const connector = connectorFor(existing.platform);
      const checked = connector ? connector.credentialsSchema.safeParse(merged) : null;
      if (checked && !checked.success) throw new UsageError(`The ${existing.platform} connector refuses these credentials:\n${z.prettifyError(checked.error)}`);
      await updateStore(feed, existing.id, { name: options.name ?? existing.name, currency: existing.currency, credentials: merged });
      return {
        id: existing.id,
        platform: existing.platform,
        // Names only: credential values never leave the server.
        credentialFields: Object.keys(merged).sort(),
        note: 'New tokens are used from the next call to the platform; a store waiting for re-authorization resumes.',
      };
    }
    case 'store list':
      return (await listStoreRows(db)).map((row) => ({
        id: row.id,
        platform: row.platform,
        name: row.name,
        currency: row.currency,
        createdAt: row.created_at.toISOString(),
      }));
    case 'store grant': {
      const options = parseOptions(storeGrantSchema, values);
      const store = await findStoreRow(db, options.store);
      if (!store) throw new UsageError(`No store ${options.store} (see: npm run admin -- store list)`);
      const user = await findUserByName(db, options.user);
      if (!user) throw new UsageError(`No user ${options.user} (see: npm run admin -- user list)`);
      if (user.role !== 'agent') return { ok: true, note: `${user.name} is a ${user.role} and sees every store anyway` };
      await grantStore(db, store.id, user.id);
      return { ok: true, store: store.id, user: user.name };
    }
    case 'store revoke': {
      const options = parseOptions(storeGrantSchema, values);
      const user = await findUserByName(db, options.user);
      if (!user) throw new UsageError(`No user ${options.user} (see: npm run admin -- user list)`);
      const revoked = await revokeStoreGrant(db, options.store, user.id, null);
      if (!revoked) throw new UsageError(`${user.name} has no grant for store ${options.store}`);
      return { ok: true, store: options.store, user: user.name, revoked: true };
    }
    default:
      throw new UsageError(command ? `Unknown command "${command}"` : 'No command given');
  }
}

function parseCredentialsOption(value: string): Record<string, unknown> {
  try {
    return z.record(z.string(), z.unknown()).parse(JSON.parse(value));
  } catch {
    throw new UsageError('--credentials must be a JSON object, e.g. \'{"shopDomain":"x.myshopify.com"}\'');
  }
}

async function main(): Promise<number> {
  const argv = process.argv.slice(2);
  if (argv.length === 0 || argv.includes('--help') || argv.includes('-h')) {
    console.log(USAGE);
    return argv.length === 0 ? 1 : 0;
  }
  let db: Database | null = null;
  try {
    db = await openDatabase(databaseConfigFromEnv());
    const result = await run(argv, db);
    console.log(JSON.stringify(result, null, 2));
    return 0;
  } catch (error) {
    if (error instanceof UsageError) console.error(`${error.message}\n\n${USAGE}`);
    else if (error instanceof UserExistsError || error instanceof DataFolderLockedError || error instanceof AccountAdminError) console.error(error.message);
    else if (error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS')) {
      console.error(`${error.message}\n\n${USAGE}`);
    } else console.error(`admin failed: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  } finally {
    await db?.close();
  }
}

process.exitCode = await main();
