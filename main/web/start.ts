// Starts the web host from the command line: `npm start -- --web [--data-dir DIR] [--port N] [--no-open]
// [--session-file FILE] [--import-root DIR]...`. Prints the launch URL (a one-time code, not a session)
// on stdout and opens it in the local Chromium, in a profile of its own, unless --no-open.
import { realpathSync } from 'node:fs';
import { userInfo } from 'node:os';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { resolveDataDir } from '../dataDir.ts';
import { openCore } from '../core.ts';
import { resolveNodeKeySource } from '../security/keySource.ts';
import { openInBrowser } from './browserLaunch.ts';
import { startWebHost } from './server.ts';
import { removeSessionFile, writeSessionFile } from './sessionFile.ts';

interface WebStartOptions {
  dataDir: string;
  port: number;
  open: boolean;
  sessionFile: string | null;
  importRoots: string[];
}

function parseWebArgs(argv: string[]): WebStartOptions {
  const { values } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: false,
    options: {
      'data-dir': { type: 'string' },
      port: { type: 'string' },
      'no-open': { type: 'boolean' },
      web: { type: 'boolean' },
      'session-file': { type: 'string' },
      'import-root': { type: 'string', multiple: true },
    },
  });
  const port = values.port === undefined ? 0 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be a number from 0 to 65535, not "${String(values.port)}"`);
  const importRoots = ((values['import-root'] ?? []) as string[]).map((root) => {
    try {
      return realpathSync(resolve(root));
    } catch {
      throw new Error(`--import-root ${root}: no such folder; name a folder that exists.`);
    }
  });
  const sessionFile = values['session-file'] as string | undefined;
  return {
    dataDir: resolveDataDir(values['data-dir'] as string | undefined),
    port,
    open: !values['no-open'],
    sessionFile: sessionFile ? resolve(sessionFile) : null,
    importRoots,
  };
}

export async function startWebFromCommandLine(argv: string[], rendererDir: string): Promise<void> {
  const options = parseWebArgs(argv);
  const core = openCore(options.dataDir, await resolveNodeKeySource(options.dataDir, { interactive: true }), `web:${userInfo().username}`);
  const host = await startWebHost(core, { port: options.port, rendererDir, importRoots: options.importRoots });
  // The session file is written before the URL is printed: whoever waits for the URL may read it at once.
  if (options.sessionFile) writeSessionFile(options.sessionFile, { url: host.origin, port: host.port, session: host.createScriptSession() });
  process.stdout.write(`${host.url}\n`);
  process.stderr.write(`Precis web host on 127.0.0.1:${host.port}, data in ${options.dataDir}. Ctrl+C stops it.\n`);
  const browser = options.open ? openInBrowser(host.url) : null;
  const stop = async (): Promise<void> => {
    browser?.close();
    if (options.sessionFile) removeSessionFile(options.sessionFile);
    await host.close();
    await core.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
}
