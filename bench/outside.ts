/**
 * Load from outside the server's process, as a user's traffic would come: the app under test keeps
 * its event loop and CPU to itself, the load generator runs in a child process of its own.
 * - `loadFromOutside`: autocannon's command-line tool (`--json`) for one URL.
 * - `bookFromOutside`: `book-client.mjs`, a plain Node script posting a list of bookings with N
 *   concurrent clients (each request has its own body and Idempotency-Key, which autocannon's
 *   command line cannot vary).
 */
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);

/** Runs `node args…`, writes `input` to its stdin, and resolves with its stdout. */
function runNode(args: string[], input = ''): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve(out) : reject(new Error(`${args[0]} exited ${code}: ${err.slice(-2000)}`)),
    );
    child.stdin.end(input);
  });
}

export interface OutsideLoad {
  rps: number;
  p95: number;
  errors: number;
}

/** A fixed-time load on one URL with `connections` connections, after a warm-up of `warmup` requests. */
export async function loadFromOutside(
  url: string,
  headers: Record<string, string>,
  opts: { seconds: number; connections?: number; warmup?: number },
): Promise<OutsideLoad> {
  const cli = require.resolve('autocannon/autocannon.js');
  const common = ['-c', String(opts.connections ?? 10), '-j', '-n'];
  for (const [k, v] of Object.entries(headers)) common.push('-H', `${k}=${v}`);
  await runNode([cli, ...common, '-a', String(opts.warmup ?? 500), url]);
  const out = await runNode([cli, ...common, '-d', String(opts.seconds), url]);
  const res = JSON.parse(out.trim().split('\n').at(-1)!) as {
    requests: { total: number };
    duration: number;
    latency: { p97_5?: number; p99: number };
    non2xx: number;
    errors: number;
  };
  return {
    rps: res.requests.total / res.duration,
    p95: res.latency.p97_5 ?? res.latency.p99,
    errors: res.non2xx + res.errors,
  };
}

export interface BookingJob {
  practitionerId: string;
  start: string;
  patientId: string;
}

/** Posts every job as a booking from `clients` concurrent clients in a child process. */
export async function bookFromOutside(
  base: string,
  cookie: string,
  jobs: BookingJob[],
  clients: number,
): Promise<{ results: { status: number; ms: number }[]; seconds: number }> {
  const script = fileURLToPath(new URL('./book-client.mjs', import.meta.url));
  const out = await runNode([script], JSON.stringify({ base, cookie, jobs, clients }));
  return JSON.parse(out) as { results: { status: number; ms: number }[]; seconds: number };
}
