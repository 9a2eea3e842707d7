import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn, type ChildProcess } from 'node:child_process';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

export const DEMO_PASSWORD = 'stillpoint-demo';
export const CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => fs.existsSync(p));

export interface Server {
  base: string;
  dataDir: string;
  stop: () => Promise<void>;
}

/** The real server (demo clinic seeded) on a fresh embedded database and a free port. */
export async function startServer(env: NodeJS.ProcessEnv = {}): Promise<Server> {
  if (!fs.existsSync('dist/web/index.html')) throw new Error('Build the web app first: npm run build:web');
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sp-e2e-'));
  const child: ChildProcess = spawn(process.execPath, ['bin/stillpoint.mjs', 'start'], {
    env: {
      ...process.env,
      PORT: '0',
      STILLPOINT_DATA_DIR: dataDir,
      DATABASE_URL: '',
      LOG_LEVEL: 'warn',
      STILLPOINT_BACKUP_HOURS: '0',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const base = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${out}`)), 90_000);
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /on (http:\/\/[\d.]+:\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
    child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
    child.on('exit', (code) => reject(new Error(`server exited with ${code}:\n${out}`)));
  });
  return {
    base,
    dataDir,
    stop: async () => {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

export async function launch(): Promise<Browser> {
  if (!CHROMIUM) throw new Error("Chromium not found: apt-get install -y chromium (Debian's package)");
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** A page that fails the test on any uncaught page error. */
export async function newPage(
  browser: Browser,
  opts: { width?: number; height?: number } = {},
): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const context = await browser.newContext({
    viewport: { width: opts.width ?? 1280, height: opts.height ?? 900 },
  });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  return { context, page, errors };
}

/** Runs axe-core in the page; returns serious and critical violations. */
export async function axeSerious(
  page: Page,
): Promise<{ id: string; impact: string; nodes: number; help: string }[]> {
  const source = fs.readFileSync(path.join('node_modules', 'axe-core', 'axe.min.js'), 'utf8');
  // Evaluated through the DevTools protocol: the page's CSP (no inline scripts) stays in force.
  await page.evaluate(source);
  type Violation = { id: string; impact: string; nodes: unknown[]; help: string };
  type Axe = { run: (ctx: Document, opts: object) => Promise<{ violations: Violation[] }> };
  const results = await page.evaluate<{ violations: Violation[] }>(async () => {
    const axe = (window as unknown as { axe: Axe }).axe;
    return axe.run(document, { resultTypes: ['violations'] });
  });
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.length, help: v.help }));
}

export async function signIn(page: Page, base: string, email: string, password = DEMO_PASSWORD) {
  await page.goto(`${base}/login`);
  await page.getByLabel(/email/i).fill(email);
  await page.getByLabel(/^password/i).fill(password);
  await page.getByRole('button', { name: /sign in/i }).click();
}

export function shotPath(name: string): string {
  fs.mkdirSync('test-results/screens', { recursive: true });
  return path.join('test-results/screens', `${name}.png`);
}
