import type { ConnectorLog } from './types';

/** Helpers shared by the connector tests (not used at run time). */

/** Waits for a condition that another process (the emulator) makes true; fails after `timeoutMs`. */
export async function until(condition: () => boolean, timeoutMs = 10_000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

export interface CapturedLog extends ConnectorLog {
  lines: Array<{ level: 'info' | 'warn' | 'error'; message: string; details?: Record<string, unknown> }>;
}

export function captureLog(): CapturedLog {
  const lines: CapturedLog['lines'] = [];
  return {
    lines,
    info: (message, details) => void lines.push({ level: 'info', message, ...(details ? { details } : {}) }),
    warn: (message, details) => void lines.push({ level: 'warn', message, ...(details ? { details } : {}) }),
    error: (message, details) => void lines.push({ level: 'error', message, ...(details ? { details } : {}) }),
  };
}
