import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';

export interface FolderLock {
  release(): void;
}

export class DataFolderLockedError extends Error {
  constructor(
    readonly dataDir: string,
    readonly pid: number,
  ) {
    super(
      `The database folder ${dataDir} is in use by process ${pid} (probably a running Huixin server). ` +
        'The embedded PGlite database allows one process at a time: stop that process first, ' +
        'or use PostgreSQL (DATABASE_URL) to share the database.',
    );
    this.name = 'DataFolderLockedError';
  }
}

function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * An exclusive lock file holding our pid. A lock left by a process that no longer
 * exists (crash, kill -9) is taken over rather than blocking forever.
 */
export function acquireFolderLock(dataDir: string): FolderLock {
  const path = join(dataDir, 'huixin.lock');
  for (let attempt = 0; attempt < 2; attempt += 1) {
    try {
      const fd = openSync(path, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      let released = false;
      return {
        release() {
          if (released) return;
          released = true;
          rmSync(path, { force: true });
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = Number.parseInt(readFileSync(path, 'utf8').trim(), 10);
      if (Number.isInteger(owner) && owner > 0 && owner !== process.pid && processIsAlive(owner)) {
        throw new DataFolderLockedError(dataDir, owner);
      }
      if (owner === process.pid) throw new DataFolderLockedError(dataDir, owner);
      rmSync(path, { force: true }); // stale
    }
  }
  throw new Error(`Could not lock the database folder ${dataDir}`);
}
