// Starts the app exactly as a user would (`npm start -- --web --no-open`) on a fresh data directory
// and hands back launch URLs for pages and the --session-file session for API calls.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const SHARED_DATA = join(REPO_ROOT, '..', 'shared', 'data');
export const ARTIFACTS = join(REPO_ROOT, 'test-results', 'artifacts');

export interface SessionFile {
  /** The host's origin. */
  url: string;
  port: number;
  /** For the x-precis-session header. */
  session: string;
}

export interface RunningApp {
  /**
   * A launch URL (`/?code=...`) for one page load: every read gives a fresh one, since a code dies once
   * used and each test's page is a new browser context (no cookie, no session).
   */
  readonly url: string;
  origin: string;
  dataDir: string;
  /** What `--session-file` gave: the session a script uses. */
  session: SessionFile;
  /** An API call as a script makes it (with the session header); throws on an error envelope. */
  call<T>(channel: string, args: Record<string, unknown>): Promise<T>;
  process: ChildProcess;
  /** `keepDataDir`: leave the data directory for a restart on it (startApp({ dataDir })). */
  stop(options?: { keepDataDir?: boolean }): Promise<void>;
}

/** Launch URLs minted at start, so that `app.url` can stay a plain (synchronous) property for the specs. */
const LAUNCH_URLS = 24;

function waitForUrl(child: ChildProcess, stderr: () => string): Promise<string> {
  return new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`no URL printed within 60 s; stderr: ${stderr()}`)), 60_000);
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const match = /http:\/\/127\.0\.0\.1:\d+\/\?code=[\w-]+/.exec(out);
      if (match) {
        clearTimeout(timer);
        resolve(match[0]);
      }
    });
    child.on('exit', (code) => reject(new Error(`web host exited with ${code}: ${stderr()}`)));
  });
}

async function post(session: SessionFile, path: string, body: unknown): Promise<unknown> {
  const response = await fetch(`${session.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-precis-session': session.session },
    body: JSON.stringify(body),
  });
  return response.json();
}

/**
 * `dataDir`: start on an existing data directory (made with the passphrase 'e2e passphrase'); it is removed on stop too.
 * `importRoots`: folders import.start may read by path (--import-root).
 */
export async function startApp(options: { dataDir?: string; importRoots?: string[] } = {}): Promise<RunningApp> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'precis-e2e-'));
  const sessionDir = mkdtempSync(join(tmpdir(), 'precis-e2e-session-'));
  const sessionFile = join(sessionDir, 'session.json');
  const roots = (options.importRoots ?? []).flatMap((root) => ['--import-root', root]);
  const child = spawn(process.execPath, [join(REPO_ROOT, 'scripts', 'start.mjs'), '--web', '--no-open', '--port', '0', '--data-dir', dataDir, '--session-file', sessionFile, ...roots], {
    env: { ...process.env, PRECIS_PASSPHRASE: 'e2e passphrase', PRECIS_NO_PROMPT: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const launchUrls = [await waitForUrl(child, () => stderr)];
  const session = JSON.parse(readFileSync(sessionFile, 'utf8')) as SessionFile;
  for (let i = 1; i < LAUNCH_URLS; i++) launchUrls.push(((await post(session, '/session/launch', {})) as { url: string }).url);
  return {
    get url(): string {
      const next = launchUrls.shift();
      if (!next) throw new Error(`all ${LAUNCH_URLS} launch URLs of this app are used: raise LAUNCH_URLS in tests/e2e/webHost.ts`);
      return next;
    },
    origin: session.url,
    dataDir,
    session,
    async call<T>(channel: string, args: Record<string, unknown>): Promise<T> {
      const envelope = (await post(session, `/api/${channel}`, args)) as { ok: true; value: T } | { ok: false; error: { code: string; message: string } };
      if (!envelope.ok) throw Object.assign(new Error(`${channel}: ${envelope.error.message}`), { code: envelope.error.code });
      return envelope.value;
    },
    process: child,
    async stop(stopOptions: { keepDataDir?: boolean } = {}) {
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
      if (!stopOptions.keepDataDir) rmSync(dataDir, { recursive: true, force: true });
      rmSync(sessionDir, { recursive: true, force: true });
    },
  };
}
