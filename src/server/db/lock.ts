import fs from 'node:fs';
import path from 'node:path';

/**
 * An exclusive lock on the embedded data directory. PGlite has no lock of its own, and two
 * processes on one directory silently lose acknowledged writes, so a second opener must fail.
 * The lock file holds the owner's PID; a lock whose PID is no longer alive is stale and taken over.
 */
export class DataDirLockedError extends Error {
  constructor(
    public readonly dir: string,
    public readonly pid: number,
  ) {
    super(
      `The data directory ${dir} is in use by another Stillpoint process (PID ${pid}). ` +
        `Stop that process first, or use its HTTP API; two processes on one embedded database lose data.`,
    );
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function acquireDataDirLock(dir: string): () => void {
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, 'stillpoint.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = fs.openSync(file, 'wx', 0o600);
      fs.writeSync(fd, String(process.pid));
      fs.closeSync(fd);
      let released = false;
      return () => {
        if (released) return;
        released = true;
        try {
          if (fs.readFileSync(file, 'utf8').trim() === String(process.pid)) fs.unlinkSync(file);
        } catch {
          // already gone
        }
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const pid = Number(fs.readFileSync(file, 'utf8').trim());
      if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && isAlive(pid)) {
        throw new DataDirLockedError(dir, pid);
      }
      // Stale lock from a process that died (or our own leftover): take it over.
      fs.unlinkSync(file);
    }
  }
  throw new Error(`Could not lock ${dir}`);
}
