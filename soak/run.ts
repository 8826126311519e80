import { parseArgs } from 'node:util';
import { z } from 'zod';
import { runSoak } from './soak';

/**
 * `npm run soak [-- --duration 120 --clients 4 --rate 4 --kills 3 --seed 1]`
 * Flags win over the environment (SOAK_DURATION_S, SOAK_CLIENTS, SOAK_RATE, SOAK_KILLS,
 * SOAK_SEED, SOAK_SETTLE_S); DATABASE_URL runs the server on PostgreSQL instead of PGlite.
 * Prints JSON lines; exits 1 when anything was lost, duplicated or leaked.
 */
const { values } = parseArgs({
  options: {
    duration: { type: 'string' },
    clients: { type: 'string' },
    rate: { type: 'string' },
    kills: { type: 'string' },
    seed: { type: 'string' },
    settle: { type: 'string' },
  },
});

const optionsSchema = z.object({
  durationS: z.coerce.number().positive().max(24 * 3600).default(120),
  clients: z.coerce.number().int().min(1).max(32).default(4),
  rate: z.coerce.number().positive().max(200).default(4),
  kills: z.coerce.number().int().min(0).max(100).default(3),
  seed: z.coerce.number().int().default(1),
  settleS: z.coerce.number().positive().max(3600).default(90),
});
const parsed = optionsSchema.safeParse({
  durationS: values.duration ?? process.env.SOAK_DURATION_S,
  clients: values.clients ?? process.env.SOAK_CLIENTS,
  rate: values.rate ?? process.env.SOAK_RATE,
  kills: values.kills ?? process.env.SOAK_KILLS,
  seed: values.seed ?? process.env.SOAK_SEED,
  settleS: values.settle ?? process.env.SOAK_SETTLE_S,
});
if (!parsed.success) {
  console.error(z.prettifyError(parsed.error));
  process.exit(2);
}
const o = parsed.data;
const print = (line: Record<string, unknown>) => console.log(JSON.stringify(line));
const report = await runSoak({
  durationMs: o.durationS * 1000,
  clients: o.clients,
  rate: o.rate,
  kills: o.kills,
  seed: o.seed,
  settleTimeoutMs: o.settleS * 1000,
  databaseUrl: process.env.DATABASE_URL || undefined,
  log: print,
});
const { details, ...counts } = report;
for (const detail of details) print({ type: 'finding', detail });
print({ type: 'summary', ...counts });
const failed = report.lost > 0 || report.duplicated > 0 || report.leaked > 0 || report.ackedMissing > 0 || report.diverged > 0 || !report.settled;
process.exit(failed ? 1 : 0);
