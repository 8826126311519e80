/**
 * `npm run bench`: builds the benchmark page with Vite, serves it on 127.0.0.1, runs it
 * in Debian's headless Chromium and prints one JSON object per line per figure. The
 * same lines are appended to bench/results/<date>.jsonl.
 *
 *   BENCH_N=20000 npm run bench      # fewer changes (default 100000)
 *   BENCH_BATCH=500 npm run bench    # another batch size (default 1000, the pull limit)
 *   CHROMIUM_PATH=/path/to/chrome    # another browser (default /usr/bin/chromium)
 *   BENCH_TWO_NODE_N=200 npm run bench  # fewer two-node deliveries (default 500)
 *
 * Then the two-node latency (bench/two-node-latency.ts): server nodes, not the browser.
 */
import { createReadStream } from 'node:fs';
import { appendFile, mkdir, stat } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { build } from 'vite';
import { z } from 'zod';
import { MAX_PULL_LIMIT } from '../shared';
import { measureTwoNodeLatency } from './two-node-latency';

const repoRoot = path.resolve(import.meta.dirname, '..');
const pageDir = path.join(repoRoot, 'out/bench');

const settingsSchema = z.object({
  n: z.coerce.number().int().min(1).max(10_000_000).default(100_000),
  batch: z.coerce.number().int().min(1).max(MAX_PULL_LIMIT).default(MAX_PULL_LIMIT),
  chromium: z.string().min(1).default('/usr/bin/chromium'),
});

const figureSchema = z
  .object({ name: z.string(), n: z.number().int(), value: z.number(), unit: z.string() })
  .catchall(z.union([z.string(), z.number(), z.boolean(), z.null()]));
type Figure = z.infer<typeof figureSchema>;

/** What bench/browser/main.ts puts on the page's window. */
interface BenchPage {
  huixinBench: { run(n: number, batchSize: number): Promise<unknown> };
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
};

/** A tiny static server for the built page; only files under out/bench are served. */
async function serveDirectory(root: string): Promise<{ server: Server; url: string }> {
  const server = createServer((request, response) => {
    void (async () => {
      const pathname = decodeURIComponent(new URL(request.url ?? '/', 'http://localhost').pathname);
      const filePath = path.resolve(root, `.${pathname === '/' ? '/index.html' : pathname}`);
      const inside = filePath.startsWith(root + path.sep);
      if (!inside || !(await stat(filePath).catch(() => null))?.isFile()) {
        response.writeHead(404).end();
        return;
      }
      response.writeHead(200, { 'Content-Type': CONTENT_TYPES[path.extname(filePath)] ?? 'application/octet-stream' });
      createReadStream(filePath).pipe(response);
    })().catch(() => response.writeHead(500).end());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { server, url: `http://127.0.0.1:${port}/index.html` };
}

async function main(): Promise<void> {
  const settings = settingsSchema.parse({
    n: process.env['BENCH_N'] || undefined,
    batch: process.env['BENCH_BATCH'] || undefined,
    chromium: process.env['CHROMIUM_PATH'] || undefined,
  });

  await build({ configFile: path.join(repoRoot, 'bench/vite.config.ts') });
  const { server, url } = await serveDirectory(pageDir);
  const browser = await chromium.launch({
    executablePath: settings.chromium,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      // Unquantised performance.memory, for the peak heap figure.
      '--enable-precise-memory-info',
    ],
  });
  try {
    const page = await browser.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(url);
    await page.waitForFunction(() => 'huixinBench' in globalThis, undefined, { timeout: 30_000 });
    // This callback runs in the page, where bench/browser/main.ts installed `huixinBench`.
    const raw: unknown = await page.evaluate(
      ([n, batch]) => (globalThis as unknown as BenchPage).huixinBench.run(n, batch),
      [settings.n, settings.batch] as const,
    );
    if (pageErrors.length > 0) throw new Error(`the bench page threw: ${pageErrors.join('; ')}`);
    const figures: Figure[] = z.array(figureSchema).parse(raw);
    const context = { browser: `chromium ${browser.version()}`, at: new Date().toISOString() };
    const lines = figures.map((figure) => JSON.stringify({ ...figure, ...context }));
    for (const line of lines) console.log(line);
    const resultsDir = path.join(repoRoot, 'bench/results');
    await mkdir(resultsDir, { recursive: true });
    await appendFile(path.join(resultsDir, `${context.at.slice(0, 10)}.jsonl`), `${lines.join('\n')}\n`);
  } finally {
    await browser.close();
    server.close();
  }

  const twoNodeN = z.coerce.number().int().min(1).max(100_000).default(500).parse(process.env['BENCH_TWO_NODE_N'] || undefined);
  const twoNode = await measureTwoNodeLatency(twoNodeN);
  if ('skipped' in twoNode) {
    console.log(JSON.stringify({ name: 'sync.twoNode.ingestToClient', skipped: twoNode.skipped }));
    return;
  }
  const twoNodeLines = twoNode.map((figure) => JSON.stringify(figure));
  for (const line of twoNodeLines) console.log(line);
  await appendFile(path.join(repoRoot, 'bench/results', `${new Date().toISOString().slice(0, 10)}.jsonl`), `${twoNodeLines.join('\n')}\n`);
}

await main();
