import { createUser, findUserByName } from '../accounts/users';
import type { Database } from '../storage/database';
import { createStore, findStoreRow, grantStore, updateStore } from '../stores/stores';
import type { ChangeFeed } from '../sync/change-feed';
import { seedDemoProducts } from './demo-products';
import { seedDemoTemplates } from './demo-templates';
import { DEMO_USERS, demoStores } from './demo-topology';

export interface DemoSeedResult {
  createdUsers: string[];
  createdStores: string[];
}

/**
 * Seeds the demo users and stores; safe to run on every start. Existing users keep their
 * passwords; existing stores get their credentials refreshed, because the emulator may
 * listen on another port this time.
 */
export async function seedDemo(db: Database, feed: ChangeFeed, emulatorUrl: string): Promise<DemoSeedResult> {
  const result: DemoSeedResult = { createdUsers: [], createdStores: [] };
  for (const store of demoStores(emulatorUrl)) {
    const existing = await findStoreRow(db, store.id);
    if (!existing) {
      await createStore(feed, store);
      result.createdStores.push(store.id);
    } else if (JSON.stringify(existing.credentials) !== JSON.stringify(store.credentials) || existing.name !== store.name) {
      await updateStore(feed, store.id, store);
    }
  }
  for (const user of DEMO_USERS) {
    const existing = await findUserByName(db, user.name);
    const id = existing?.id ?? (await createUser(feed, user)).id;
    if (!existing) result.createdUsers.push(user.name);
    if (user.role === 'agent') for (const storeId of user.stores) await grantStore(db, storeId, id);
  }
  await seedDemoTemplates(feed);
  await seedDemoProducts(feed, emulatorUrl);
  return result;
}

export function demoLoginHelp(appUrl: string): string {
  const lines = DEMO_USERS.map((user) => `  ${user.name.padEnd(8)} / ${user.password}   (${user.role}, ${user.displayName})`);
  return [`Huixin demo is running at ${appUrl}`, 'Log in as one of:', ...lines].join('\n');
}
