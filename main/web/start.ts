// Starts the web host from the command line: `npm start -- --web [--data-dir DIR] [--port N] [--no-open]`.
// Prints the URL with its token on stdout and opens it in the local Chromium unless --no-open.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { userInfo } from 'node:os';
import { parseArgs } from 'node:util';
import { resolveDataDir } from '../cli/dataDir.ts';
import { openCore } from '../core.ts';
import { resolveNodeKeySource } from '../security/keySource.ts';
import { startWebHost } from './server.ts';

const BROWSERS = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

function openInBrowser(url: string): void {
  const browser = BROWSERS.find((b) => existsSync(b));
  if (!browser) {
    process.stderr.write('No Chromium found: open the URL above in a browser on this machine.\n');
    return;
  }
  // Chromium's own background traffic (updates, accounts) is switched off: Precis makes no network requests.
  const child = spawn(browser, [
    `--app=${url}`,
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1',
    ...(process.getuid?.() === 0 ? ['--no-sandbox'] : []),
  ], { stdio: 'ignore', detached: true });
  child.on('error', () => process.stderr.write(`Could not start ${browser}: open the URL above yourself.\n`));
  child.unref();
}

export async function startWebFromCommandLine(argv: string[], rendererDir: string): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: false,
    options: { 'data-dir': { type: 'string' }, port: { type: 'string' }, 'no-open': { type: 'boolean' }, web: { type: 'boolean' } },
  });
  const dataDir = resolveDataDir(values['data-dir'] as string | undefined);
  const port = values.port === undefined ? 0 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be a number from 0 to 65535, not "${String(values.port)}"`);
  const core = openCore(dataDir, await resolveNodeKeySource(dataDir, { interactive: true }), `web:${userInfo().username}`);
  const host = await startWebHost(core, { port, rendererDir });
  process.stdout.write(`${host.url}\n`);
  process.stderr.write(`Precis web host on 127.0.0.1:${host.port}, data in ${dataDir}. Ctrl+C stops it.\n`);
  if (!values['no-open']) openInBrowser(host.url);
  const stop = async (): Promise<void> => {
    await host.close();
    await core.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
}
