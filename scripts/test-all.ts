/**
 * `npm test`: every check of the project, in order, continuing after failures:
 *
 *   lint → typecheck (node, web) → unit → server on PGlite → server on PostgreSQL (when
 *   HUIXIN_TEST_DATABASE_URL is set) → web build (dist-web, used by e2e) → desktop build
 *   (electron-vite: out/main, out/preload, out/renderer) → electronegativity (no HIGH
 *   finding in electron/ + renderer/) → e2e. The server tiers also run the scale-out tests
 *   when HUIXIN_TEST_DATABASE_URL and HUIXIN_TEST_REDIS_URL are both set (.ci/run sets them).
 *
 * Vitest tiers are counted per test from vitest's JSON report; lint, typecheck and build
 * count as one check each. Prints a summary per tier and, as the very last line,
 * `N passed, M failed`. Exits non-zero if anything failed or if no test ran at all.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

const repoRoot = path.resolve(import.meta.dirname, '..');
const resultsDir = path.join(repoRoot, 'test-results');
const bin = (name: string): string => path.join(repoRoot, 'node_modules', '.bin', name);

type TierOutcome =
  | {
      readonly kind: 'counted';
      /** `checks`: lint, typecheck, build (one each); `tests`: vitest test cases. */
      readonly unit: 'checks' | 'tests';
      readonly passed: number;
      readonly failed: number;
      readonly skipped: number;
      readonly note?: string;
    }
  | { readonly kind: 'skipped'; readonly reason: string };

interface TierResult {
  readonly name: string;
  readonly outcome: TierOutcome;
  readonly seconds: number;
}

/** Runs a command with inherited output; resolves with its exit code (spawn errors count as failure). */
function run(command: string, args: readonly string[], env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: repoRoot, env, stdio: 'inherit' });
    child.on('error', (error) => {
      console.error(`test-all: could not start ${command}: ${error.message}`);
      resolve(127);
    });
    child.on('close', (code, signal) => resolve(code ?? (signal === null ? 1 : 128)));
  });
}

/** The environment every step gets: this Node first on PATH (child shebangs say `env node`). */
function baseEnv(): NodeJS.ProcessEnv {
  const nodeDir = path.dirname(process.execPath);
  return { ...process.env, PATH: `${nodeDir}${path.delimiter}${process.env['PATH'] ?? ''}`, FORCE_COLOR: process.env['FORCE_COLOR'] ?? '1' };
}

async function check(name: string, command: string, args: readonly string[]): Promise<TierOutcome> {
  const code = await run(command, args, baseEnv());
  return code === 0
    ? { kind: 'counted', unit: 'checks', passed: 1, failed: 0, skipped: 0 }
    : { kind: 'counted', unit: 'checks', passed: 0, failed: 1, skipped: 0, note: `${name} exited with code ${code}` };
}

/** The part of vitest's JSON report (Jest-compatible) that we read. */
const vitestReportSchema = z.object({
  numTotalTests: z.number().int(),
  numPassedTests: z.number().int(),
  numFailedTests: z.number().int(),
  numPendingTests: z.number().int(),
  numTodoTests: z.number().int().optional(),
  numFailedTestSuites: z.number().int(),
  numTotalTestSuites: z.number().int(),
});

async function vitestTier(project: string, reportName: string, env: NodeJS.ProcessEnv): Promise<TierOutcome> {
  const reportFile = path.join(resultsDir, `${reportName}.json`);
  rmSync(reportFile, { force: true });
  const code = await run(
    bin('vitest'),
    ['run', '--project', project, '--reporter=default', '--reporter=json', `--outputFile.json=${reportFile}`],
    env,
  );
  let report: z.infer<typeof vitestReportSchema>;
  try {
    report = vitestReportSchema.parse(JSON.parse(readFileSync(reportFile, 'utf8')));
  } catch {
    return { kind: 'counted', unit: 'tests', passed: 0, failed: 1, skipped: 0, note: `vitest exited with code ${code} and wrote no readable report` };
  }
  const skipped = report.numPendingTests + (report.numTodoTests ?? 0);
  if (report.numTotalTestSuites === 0) {
    return { kind: 'counted', unit: 'tests', passed: 0, failed: 1, skipped: 0, note: 'no test files found' };
  }
  // A file that fails to load has no failed *tests*; count the tier as failed anyway.
  if (code !== 0 && report.numFailedTests === 0) {
    const note = report.numFailedTestSuites > 0 ? `${report.numFailedTestSuites} test file(s) failed to run` : `vitest exited with code ${code}`;
    return { kind: 'counted', unit: 'tests', passed: report.numPassedTests, failed: Math.max(1, report.numFailedTestSuites), skipped, note };
  }
  return { kind: 'counted', unit: 'tests', passed: report.numPassedTests, failed: report.numFailedTests, skipped };
}

/**
 * `electron-vite build`, then a look at what it produced: the three outputs exist and the
 * sandboxed preload requires nothing but 'electron' (anything else fails at runtime in a
 * sandbox, which no test here could otherwise notice without the Electron binary).
 */
async function desktopBuild(): Promise<TierOutcome> {
  const built = await check('electron-vite build', bin('electron-vite'), ['build']);
  if (built.kind !== 'counted' || built.failed > 0) return built;
  const problems: string[] = [];
  for (const output of ['out/main/index.js', 'out/preload/index.cjs', 'out/renderer/index.html']) {
    if (!existsSync(path.join(repoRoot, output))) problems.push(`${output} missing`);
  }
  const preloadFile = path.join(repoRoot, 'out/preload/index.cjs');
  if (existsSync(preloadFile)) {
    const required = [...readFileSync(preloadFile, 'utf8').matchAll(/\brequire\(\s*["']([^"']+)["']\s*\)/g)].map((m) => m[1]);
    const foreign = required.filter((name) => name !== 'electron');
    if (foreign.length > 0) problems.push(`the sandboxed preload requires ${foreign.join(', ')}`);
  }
  if (problems.length > 0) {
    console.error(`test-all: desktop build: ${problems.join('; ')}`);
    return { kind: 'counted', unit: 'checks', passed: 0, failed: 1, skipped: 0, note: problems.join('; ') };
  }
  return built;
}

function withoutDatabaseUrl(): NodeJS.ProcessEnv {
  const env = baseEnv();
  delete env['HUIXIN_TEST_DATABASE_URL'];
  return env;
}

const postgresUrl = process.env['HUIXIN_TEST_DATABASE_URL']?.trim() ?? '';

const tiers: { readonly name: string; readonly run: () => Promise<TierOutcome> }[] = [
  { name: 'lint (eslint .)', run: () => check('eslint', bin('eslint'), ['.']) },
  { name: 'typecheck node', run: () => check('tsc node', bin('tsc'), ['-p', 'tsconfig.node.json', '--noEmit']) },
  { name: 'typecheck web', run: () => check('tsc web', bin('tsc'), ['-p', 'tsconfig.web.json', '--noEmit']) },
  { name: 'typecheck soak', run: () => check('tsc soak', bin('tsc'), ['-p', 'tsconfig.soak.json', '--noEmit']) },
  { name: 'unit', run: () => vitestTier('unit', 'unit', baseEnv()) },
  { name: 'server (PGlite)', run: () => vitestTier('server', 'server-pglite', withoutDatabaseUrl()) },
  {
    name: 'server (PostgreSQL)',
    run: async () =>
      postgresUrl === ''
        ? { kind: 'skipped', reason: 'HUIXIN_TEST_DATABASE_URL is not set (.ci/run sets it)' }
        : vitestTier('server', 'server-postgres', { ...baseEnv(), HUIXIN_TEST_DATABASE_URL: postgresUrl }),
  },
  { name: 'web build (dist-web)', run: () => check('vite build', bin('vite'), ['build', '--config', 'vite.config.ts']) },
  { name: 'desktop build (out/)', run: desktopBuild },
  // Doyensec's Electronegativity over electron/ + renderer/: fails on any HIGH finding.
  { name: 'electronegativity', run: () => check('electronegativity', bin('tsx'), ['scripts/electronegativity.ts']) },
  { name: 'e2e', run: () => vitestTier('e2e', 'e2e', baseEnv()) },
];

function describeOutcome(outcome: TierOutcome): string {
  if (outcome.kind === 'skipped') return `SKIPPED: ${outcome.reason}`;
  const parts = [`${outcome.passed} passed`, `${outcome.failed} failed`];
  if (outcome.skipped > 0) parts.push(`${outcome.skipped} skipped`);
  const status = outcome.failed > 0 ? 'FAIL' : 'ok  ';
  return `${status} ${parts.join(', ')}${outcome.note === undefined ? '' : ` (${outcome.note})`}`;
}

async function main(): Promise<number> {
  mkdirSync(resultsDir, { recursive: true });
  const results: TierResult[] = [];
  for (const tier of tiers) {
    console.log(`\n━━━ ${tier.name} ━━━`);
    const started = performance.now();
    const outcome = await tier.run();
    results.push({ name: tier.name, outcome, seconds: (performance.now() - started) / 1000 });
    console.log(`━━━ ${tier.name}: ${describeOutcome(outcome)}`);
  }

  let passed = 0;
  let failed = 0;
  let testsRun = 0;
  console.log('\nSummary');
  const width = Math.max(...results.map((r) => r.name.length));
  for (const { name, outcome, seconds } of results) {
    console.log(`  ${name.padEnd(width)}  ${describeOutcome(outcome)}  [${seconds.toFixed(1)}s]`);
    if (outcome.kind === 'counted') {
      passed += outcome.passed;
      failed += outcome.failed;
      if (outcome.unit === 'tests') testsRun += outcome.passed + outcome.failed;
    }
  }
  if (testsRun === 0) console.log('  no test ran at all: that is a failure too');
  console.log(`${passed} passed, ${failed} failed`);
  return failed === 0 && testsRun > 0 ? 0 : 1;
}

process.exitCode = await main();
