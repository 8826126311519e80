import type { ConnectorLog } from './connectors/types';

export const LOG_LEVELS = ['debug', 'info', 'warn', 'error', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** The server's logger: one JSON line per entry on stderr, filtered by level. */
export interface Logger extends ConnectorLog {
  debug(message: string, details?: Record<string, unknown>): void;
  child(scope: string): Logger;
}

export function createLogger(level: LogLevel = 'info', scope = 'server'): Logger {
  const threshold = LOG_LEVELS.indexOf(level);
  const write = (entryLevel: Exclude<LogLevel, 'silent'>, message: string, details?: Record<string, unknown>) => {
    if (LOG_LEVELS.indexOf(entryLevel) < threshold) return;
    process.stderr.write(
      `${JSON.stringify({ time: new Date().toISOString(), level: entryLevel, scope, message, ...details })}\n`,
    );
  };
  return {
    debug: (message, details) => write('debug', message, details),
    info: (message, details) => write('info', message, details),
    warn: (message, details) => write('warn', message, details),
    error: (message, details) => write('error', message, details),
    child: (child) => createLogger(level, `${scope}:${child}`),
  };
}
