import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn, type ChildProcess } from 'node:child_process';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { inject } from 'vitest';
import { cliScript } from '../src/server/testing/cli-bundle.ts';

export const DEMO_PASSWORD = 'stillpoint-demo';
export const CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => fs.existsSync(p));

export interface Server {
  base: string;
  dataDir: string;
  stop: () => Promise<void>;
}

/**
 * The real server (demo clinic seeded) on a fresh embedded database and a free port. The database is
 * a copy of the folder e2e/global-setup.ts seeded once per run; without it the server seeds its own.
 */
export async function startServer(env: NodeJS.ProcessEnv = {}): Promise<Server> {
  if (!fs.existsSync('dist/web/index.html')) throw new Error('Build the web app first: npm run build:web');
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sp-e2e-'));
  const seeded = inject('e2eSeededDataDir');
  if (seeded) fs.cpSync(seeded, dataDir, { recursive: true });
  const child: ChildProcess = spawn(process.execPath, [cliScript(), 'start'], {
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

/**
 * A fresh browser context and page. `errors` collects uncaught page errors and `consoleErrors` the
 * console's error messages (including the browser's own "Failed to load resource" lines).
 */
export async function newPage(
  browser: Browser,
  opts: { width?: number; height?: number } = {},
): Promise<{ context: BrowserContext; page: Page; errors: string[]; consoleErrors: string[] }> {
  const context = await browser.newContext({
    viewport: { width: opts.width ?? 1280, height: opts.height ?? 900 },
  });
  // Fail a step within the 60 s test timeout, with Playwright's call log rather than vitest's timeout.
  context.setDefaultTimeout(15_000);
  const page = await context.newPage();
  const { errors, consoleErrors } = watchErrors(page);
  return { context, page, errors, consoleErrors };
}

/** Starts collecting the page's uncaught errors and console errors. */
export function watchErrors(page: Page): { errors: string[]; consoleErrors: string[] } {
  const errors: string[] = [];
  const consoleErrors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => {
    if (m.type() === 'error') consoleErrors.push(`${m.text()} (${m.location().url})`);
  });
  return { errors, consoleErrors };
}

/** Runs axe-core in the page; returns serious and critical violations. */
export async function axeSerious(
  page: Page,
): Promise<{ id: string; impact: string; nodes: number; help: string; first?: string }[]> {
  const source = fs.readFileSync(path.join('node_modules', 'axe-core', 'axe.min.js'), 'utf8');
  // Evaluated through the DevTools protocol: the page's CSP (no inline scripts) stays in force.
  await page.evaluate(source);
  type Violation = { id: string; impact: string; nodes: { html?: string }[]; help: string };
  type Axe = { run: (ctx: Document, opts: object) => Promise<{ violations: Violation[] }> };
  const results = await page.evaluate<{ violations: Violation[] }>(async () => {
    const axe = (window as unknown as { axe: Axe }).axe;
    return axe.run(document, { resultTypes: ['violations'] });
  });
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({
      id: v.id,
      impact: v.impact,
      nodes: v.nodes.length,
      help: v.help,
      // The first offending element, so a failure says where to look.
      first: v.nodes[0]?.html?.slice(0, 300),
    }));
}

/** Fills in and submits the sign-in form (does not wait for what comes next: it may be the MFA step). */
export async function signIn(page: Page, base: string, email: string, password = DEMO_PASSWORD) {
  await page.goto(`${base}/login`);
  // Mantine adds a hidden " *" to required labels: match the start of the accessible name only.
  await page.getByRole('textbox', { name: /^email/i }).fill(email);
  await page.getByLabel(/^password/i).fill(password);
  await page.getByRole('button', { name: /^sign in$/i }).click();
}

/** Signs in through the form and waits for the role's home page (`/app/patients` or `/app/me`). */
export async function signInAndWait(page: Page, base: string, email: string, password = DEMO_PASSWORD) {
  await signIn(page, base, email, password);
  await page.waitForURL(/\/app\/(patients|me)$/);
  await page.getByRole('heading', { level: 1 }).waitFor();
}

/** Signs the browser context in through the API (shares the context's cookies): for setup, not under test. */
export async function signInContext(
  context: BrowserContext,
  base: string,
  email: string,
  password = DEMO_PASSWORD,
): Promise<void> {
  const res = await context.request.post(`${base}/api/v1/auth/login`, { data: { email, password } });
  if (!res.ok()) throw new Error(`sign-in of ${email} failed: HTTP ${res.status()} ${await res.text()}`);
}

export interface ApiResult {
  status: number;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- untyped JSON under test
}

export interface ApiClient {
  get: (path: string) => Promise<ApiResult>;
  post: (path: string, body?: unknown) => Promise<ApiResult>;
  patch: (path: string, body: unknown) => Promise<ApiResult>;
  put: (path: string, body: unknown) => Promise<ApiResult>;
}

/** A cookie session from Node (outside the browser), for setup and for another user's actions. */
export async function apiAs(base: string, email: string, password = DEMO_PASSWORD): Promise<ApiClient> {
  const login = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  if (!login.ok) throw new Error(`sign-in of ${email} failed: HTTP ${login.status} ${await login.text()}`);
  const cookie = login.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  const call = async (method: string, path: string, body?: unknown): Promise<ApiResult> => {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: {
        cookie,
        accept: 'application/json',
        ...(method === 'GET' ? {} : { 'x-requested-with': 'e2e' }),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : null };
  };
  return {
    get: (path) => call('GET', path),
    post: (path, body) => call('POST', path, body ?? {}),
    patch: (path, body) => call('PATCH', path, body),
    put: (path, body) => call('PUT', path, body),
  };
}

/** The id of the demo patient with this full name (as staff see it in the list). */
export async function patientIdByName(api: ApiClient, name: string): Promise<string> {
  const res = await api.get(`/api/v1/patients?q=${encodeURIComponent(name.split(' ').pop()!)}`);
  const hit = (res.body?.results ?? []).find((p: { name: string }) => p.name === name);
  if (!hit) throw new Error(`no patient named ${name}: HTTP ${res.status}`);
  return hit.id as string;
}

function shotPath(name: string): string {
  fs.mkdirSync('test-results/screens', { recursive: true });
  return path.join('test-results/screens', `${name}.png`);
}

/**
 * A screenshot for people to look at, in test-results/screens; no test asserts on one. They cost
 * browser CPU (the 24 of three files took 5.9 s of their 161 s), so `npm test` skips them and
 * `npm run test:e2e:screens` (E2E_SCREENSHOTS=1) takes them.
 */
export async function shoot(target: Page | Locator, name: string, opts: { fullPage?: boolean } = {}) {
  if (process.env.E2E_SCREENSHOTS !== '1') return;
  await ('goto' in target
    ? target.screenshot({ path: shotPath(name), fullPage: opts.fullPage ?? false })
    : target.screenshot({ path: shotPath(name) }));
}
