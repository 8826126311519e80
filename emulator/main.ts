import { parseArgs } from 'node:util';
import { z } from 'zod';
import { emulatedStoreSchema } from './config';
import { startEmulator } from './emulator';

/**
 * CLI: `npm run emulator -- [--port 4100] [--seed 7] [--huixin http://127.0.0.1:3000]
 *        [--rate 30] [--stores stores.json]`
 * Without --stores it plays one Taobao and one Shopify demo store and prints the credentials
 * to give Huixin for each (e.g. with `npm run admin -- store add`).
 */

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '4100' },
    host: { type: 'string', default: '127.0.0.1' },
    seed: { type: 'string', default: '1' },
    huixin: { type: 'string' },
    rate: { type: 'string', default: '0' },
    stores: { type: 'string' },
  },
});

const DEMO_STORES = [
  { id: 'demo-taobao', platform: 'taobao', credentials: { appKey: '12345678', appSecret: 'demo-taobao-secret', sellerNick: '汇信茶旅小店' } },
  {
    id: 'demo-shopify',
    platform: 'shopify',
    credentials: { shopDomain: 'huixin-demo.myshopify.com', webhookSecret: 'demo-shopify-secret', mailRelayToken: 'demo-relay-token' },
  },
];

async function loadStores(path: string | undefined): Promise<unknown[]> {
  if (!path) return DEMO_STORES;
  const { readFile } = await import('node:fs/promises');
  return z.array(z.unknown()).parse(JSON.parse(await readFile(path, 'utf8')));
}

const emulator = await startEmulator({
  port: Number(values.port),
  host: values.host,
  seed: Number(values.seed),
  huixinUrl: values.huixin ?? null,
  rate: Number(values.rate),
  stores: z.array(emulatedStoreSchema).parse(await loadStores(values.stores)),
});

process.stdout.write(
  `${JSON.stringify({
    emulator: emulator.url,
    control: `${emulator.url}/__emulator/`,
    stores: Object.fromEntries(
      (await loadStores(values.stores)).map((s) => {
        const id = emulatedStoreSchema.parse(s).id;
        return [id, emulator.credentialsFor(id)];
      }),
    ),
  }, null, 2)}\n`,
);

const stop = (): void => {
  emulator.close().then(
    () => process.exit(0),
    () => process.exit(1),
  );
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
