import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * A throwaway PostgreSQL cluster for the tests that kill the database server: its own data folder
 * in a temporary directory and its own port, started with Debian's `initdb` and `pg_ctl`. It never
 * touches the machine's shared server (port 5432).
 */

/** The newest `/usr/lib/postgresql/<version>/bin` holding initdb and pg_ctl (or PG_BIN), or null. */
export function findPgBin(): string | null {
  const candidates = process.env.PG_BIN
    ? [process.env.PG_BIN]
    : (fs.existsSync('/usr/lib/postgresql') ? fs.readdirSync('/usr/lib/postgresql') : [])
        .sort((a, b) => Number(b) - Number(a))
        .map((v) => path.join('/usr/lib/postgresql', v, 'bin'));
  return (
    candidates.find((dir) =>
      ['initdb', 'pg_ctl', 'postgres'].every((b) => fs.existsSync(path.join(dir, b))),
    ) ?? null
  );
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}

export interface Cluster {
  url: string;
  port: number;
  dataDir: string;
  /** SIGKILL to the postmaster and every process it started; resolves when all are gone. */
  kill: () => Promise<number[]>;
  start: () => Promise<void>;
  /** Stops the cluster (immediate) and deletes its folder. */
  destroy: () => Promise<void>;
}

/** A cluster of its own, created with initdb and started. */
export async function createCluster(bin: string, settings: Record<string, string> = {}): Promise<Cluster> {
  const { top, as } = workFolder(bin);
  const dataDir = path.join(top, 'data');
  const port = await freePort();
  await as('initdb', [
    '-D',
    dataDir,
    '-U',
    'postgres',
    '-A',
    'trust',
    '-E',
    'UTF8',
    '--no-locale',
    '--no-sync',
  ]);
  configure(dataDir, {
    port: String(port),
    listen_addresses: "'127.0.0.1'",
    // TCP only: no socket lock file, which a killed postmaster left unreaped would seem to hold.
    unix_socket_directories: "''",
    max_connections: '40',
    ...settings,
  });
  return startedCluster(bin, top, dataDir, port, as);
}

/**
 * A hot standby streaming from `primary` (whose initdb allowed replication connections from
 * 127.0.0.1): `pg_basebackup -R` of the primary into a folder of its own, on a port of its own.
 */
export async function createReplica(bin: string, primary: Cluster): Promise<Cluster> {
  const { top, as } = workFolder(bin);
  const dataDir = path.join(top, 'data');
  const port = await freePort();
  await as('pg_basebackup', [
    '-h',
    '127.0.0.1',
    '-p',
    String(primary.port),
    '-U',
    'postgres',
    '-D',
    dataDir,
    '-R',
    '-X',
    'stream',
    '--no-sync',
  ]);
  // The copied postgresql.conf carries the primary's port; the last setting of a name wins.
  configure(dataDir, { port: String(port), hot_standby: 'on' });
  return startedCluster(bin, top, dataDir, port, as);
}

type Runner = (cmd: string, args: string[]) => Promise<unknown>;

/**
 * A temporary folder for one cluster, and how to run PostgreSQL's commands on it. initdb refuses to
 * run as root: as root the cluster belongs to the `postgres` user and its commands run through
 * `runuser`.
 */
function workFolder(bin: string): { top: string; as: Runner } {
  const root = process.getuid?.() === 0;
  const top = fs.mkdtempSync(path.join(os.tmpdir(), 'sp-pgkill-'));
  if (root) {
    const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
    fs.chownSync(top, uid, gid);
  }
  const as: Runner = (cmd, args) =>
    root
      ? run('runuser', ['-u', 'postgres', '--', path.join(bin, cmd), ...args])
      : run(path.join(bin, cmd), args);
  return { top, as };
}

function configure(dataDir: string, conf: Record<string, string>) {
  fs.appendFileSync(
    path.join(dataDir, 'postgresql.conf'),
    Object.entries(conf)
      .map(([k, v]) => `${k} = ${v}\n`)
      .join(''),
  );
}

async function startedCluster(
  bin: string,
  top: string,
  dataDir: string,
  port: number,
  as: Runner,
): Promise<Cluster> {
  const log = path.join(top, 'log');
  const start = async () => {
    try {
      await as('pg_ctl', ['-D', dataDir, '-l', log, '-w', '-t', '120', 'start']);
    } catch (err) {
      const tail = fs.existsSync(log) ? fs.readFileSync(log, 'utf8').split('\n').slice(-15).join('\n') : '';
      throw new Error(`pg_ctl start failed: ${(err as Error).message}\n${tail}`, { cause: err });
    }
  };
  const kill = async () => {
    const pm = Number(fs.readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
    const pids = [pm, ...childrenOf(pm)];
    for (const pid of pids) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    const until = Date.now() + 30_000;
    while (pids.some(alive)) {
      if (Date.now() > until)
        throw new Error(`PostgreSQL processes survived SIGKILL: ${pids.filter(alive).join(' ')}`);
      await new Promise((r) => setTimeout(r, 20));
    }
    // A killed postmaster nobody reaped (a container's init may not) still answers kill(pid, 0),
    // and the next postmaster would take its lock file for a live server's: remove it.
    if (fs.existsSync(`/proc/${pm}`)) fs.rmSync(path.join(dataDir, 'postmaster.pid'), { force: true });
    return pids;
  };
  await start();
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    port,
    dataDir,
    kill,
    start,
    destroy: async () => {
      await as('pg_ctl', ['-D', dataDir, '-m', 'immediate', 'stop']).catch(() => undefined);
      fs.rmSync(top, { recursive: true, force: true });
    },
  };
}

function alive(pid: number): boolean {
  try {
    // A zombie still answers signal 0: read its state.
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

/** The processes whose parent is `pid` (Linux /proc). */
function childrenOf(pid: number): number[] {
  const out: number[] = [];
  for (const name of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${name}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === pid) out.push(Number(name));
    } catch {
      // exited meanwhile
    }
  }
  return out;
}
