/**
 * `npm run electronegativity` (and a tier of `npm test`): Doyensec's Electronegativity
 * over the desktop app's sources — electron/ (main, preload) and renderer/ scanned
 * together as ONE application, because its global checks (CSP, navigation limits,
 * permission handler) look for a protection anywhere in the app. Test files are left
 * out: they are not shipped and contain deliberately bad examples.
 *
 * Fails (exit 1) on any finding of HIGH severity, or on a file it could not parse (an
 * unparsed file is an unchecked file). Everything else is printed for review and listed
 * in docs/security-electron.md. A justified exception is written where the code is, as an
 * `eng-disable CHECK_ID` comment with the reason, which Electronegativity honours.
 *
 * Not run: AVAILABLE_SECURITY_FIXES_GLOBAL_CHECK (AvailableSecurityFixesGlobalCheck), which downloads Electron's release list
 * from GitHub (CI has no internet; its failed download crashes the tool). Staying on a
 * supported Electron release is `npm outdated electron`'s job.
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { z } from 'zod';

const repoRoot = path.resolve(import.meta.dirname, '..');
const require = createRequire(import.meta.url);
const SCANNED = ['electron', 'renderer'] as const;
/** Check class names as the runner takes them (it lowercases them). */
const NOT_RUN = ['AvailableSecurityFixesGlobalCheck'];
const FAIL_AT = 'HIGH';

const issueSchema = z.object({
  id: z.string(),
  file: z.string(),
  location: z.object({ line: z.number(), column: z.number() }),
  severity: z.object({ name: z.string() }),
  confidence: z.object({ name: z.string() }),
  description: z.string(),
  manualReview: z.boolean().optional(),
});
const resultSchema = z.object({
  issues: z.array(issueSchema),
  errors: z.array(z.object({ file: z.string(), message: z.string(), tolerable: z.boolean() })),
  globalChecks: z.number(),
  atomicChecks: z.number(),
});
type Issue = z.infer<typeof issueSchema>;

type Run = (options: Record<string, unknown>, forCli: boolean) => Promise<unknown>;

/** A copy of the shipped sources (no tests) in a temp dir, so the scan sees nothing else. */
function stageSources(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'huixin-electronegativity-'));
  for (const folder of SCANNED) {
    cpSync(path.join(repoRoot, folder), path.join(dir, folder), {
      recursive: true,
      filter: (source) => !/\.test\.tsx?$/.test(source) && !source.includes(`${path.sep}node_modules`),
    });
  }
  // The manifest tells the checks which Electron this is (defaults changed across versions).
  const manifest = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as Record<string, unknown>;
  writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: manifest['name'], main: 'electron/main/index.ts', devDependencies: manifest['devDependencies'] }));
  return dir;
}

function installedElectronVersion(): string {
  const manifest = z.object({ version: z.string() }).parse(JSON.parse(readFileSync(require.resolve('electron/package.json'), 'utf8')));
  return manifest.version;
}

async function main(): Promise<number> {
  const run = require('@doyensec/electronegativity/dist/runner.js') as Run;
  const electronVersion = installedElectronVersion();
  const input = stageSources();
  let result: z.infer<typeof resultSchema>;
  try {
    result = resultSchema.parse(
      await run(
        {
          input,
          isRelative: true,
          electronVersionOverride: electronVersion,
          excludeFromScan: NOT_RUN.map((name) => name.toLowerCase()),
          severitySet: 'INFORMATIONAL',
          confidenceSet: 'TENTATIVE',
        },
        false,
      ),
    );
  } finally {
    rmSync(input, { recursive: true, force: true });
  }

  const bySeverity = new Map<string, Issue[]>();
  for (const issue of result.issues) bySeverity.set(issue.severity.name, [...(bySeverity.get(issue.severity.name) ?? []), issue]);
  const order = ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW', 'INFORMATIONAL'];
  console.log(
    `Electronegativity over ${SCANNED.join('/ + ')}/ (Electron ${electronVersion}): ${result.atomicChecks} atomic + ${result.globalChecks} global checks; not run: ${NOT_RUN.join(', ')}`,
  );
  for (const severity of order) {
    for (const issue of bySeverity.get(severity) ?? []) {
      const where = issue.file === 'N/A' ? '(whole app)' : `${issue.file}:${issue.location.line}:${issue.location.column}`;
      const review = issue.manualReview ? ' [review]' : '';
      console.log(`  ${severity.padEnd(6)} ${issue.confidence.name.padEnd(9)} ${issue.id}${review}  ${where}\n         ${issue.description}`);
    }
  }
  const counts = Object.fromEntries(order.map((severity) => [severity, bySeverity.get(severity)?.length ?? 0]));
  const unparsed = result.errors.filter((error) => !error.tolerable);
  for (const error of unparsed) console.error(`  could not parse ${path.relative(input, error.file)}: ${error.message}`);
  const summary = { counts, unparsed: unparsed.length, electronVersion, notRun: NOT_RUN };
  console.log(JSON.stringify(summary));
  mkdirSync(path.join(repoRoot, 'test-results'), { recursive: true });
  writeFileSync(path.join(repoRoot, 'test-results/electronegativity.json'), `${JSON.stringify({ ...summary, issues: result.issues }, null, 2)}\n`);

  const failing = order.slice(0, order.indexOf(FAIL_AT) + 1).reduce((sum, severity) => sum + (counts[severity] ?? 0), 0);
  if (failing > 0 || unparsed.length > 0) {
    console.error(`electronegativity: ${failing} finding(s) of ${FAIL_AT} severity or above, ${unparsed.length} file(s) not parsed`);
    return 1;
  }
  return 0;
}

// Electronegativity fetches updated translations with got@11 at start-up; without internet
// the request times out and got's retry timer throws this from nowhere (a got/p-cancelable
// bug), possibly mid-scan. It is harmless (the bundled en-US strings are used): swallow
// exactly that error, let anything else end the run as a failure.
const GOT_RETRY_BUG = 'The `onCancel` handler was attached after the promise settled.';
process.on('uncaughtException', (error) => {
  if (error.message === GOT_RETRY_BUG) return;
  console.error('electronegativity: crashed:', error);
  process.exit(2);
});
// Exit explicitly: the tool leaves retry timers behind.
process.exit(await main());
