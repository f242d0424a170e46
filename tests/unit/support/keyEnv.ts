// The `precis` CLI as child processes with chosen key settings (passphrase, machine key file, new
// passphrase), for the key tests: several at the same moment, or one killed at a chosen time.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { repoRoot } from './env.ts';

const CLI = join(repoRoot, 'bin', 'precis.mjs');

export interface KeyEnv {
  /** Unset: no passphrase (a machine-key directory). */
  passphrase?: string;
  newPassphrase?: string;
  /** The machine key file; always set, so the user's own key is never touched. */
  keyFile: string;
}

export function keyEnv(settings: KeyEnv): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, PRECIS_NO_PROMPT: '1', PRECIS_KEY_FILE: settings.keyFile };
  delete env.PRECIS_DATA_DIR;
  delete env.PRECIS_PASSPHRASE;
  delete env.PRECIS_NEW_PASSPHRASE;
  if (settings.passphrase !== undefined) env.PRECIS_PASSPHRASE = settings.passphrase;
  if (settings.newPassphrase !== undefined) env.PRECIS_NEW_PASSPHRASE = settings.newPassphrase;
  return env;
}

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Starts `precis <args>`; `killAfterMs` sends SIGKILL after that many milliseconds. */
export function startPrecis(args: string[], settings: KeyEnv, killAfterMs?: number): Promise<Exit> {
  return run(CLI, args, keyEnv(settings), killAfterMs);
}

function run(script: string, args: string[], env: NodeJS.ProcessEnv, killAfterMs?: number): Promise<Exit> {
  const child = spawn(process.execPath, [script, ...args], { cwd: repoRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const timer = killAfterMs === undefined ? null : setTimeout(() => child.kill('SIGKILL'), killAfterMs);
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (timer) clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

/** Runs `precis <args>` to its end. */
export function precis(args: string[], settings: KeyEnv): Promise<Exit> {
  return startPrecis(args, settings);
}

const AT = join(repoRoot, 'tests', 'unit', 'support', 'precisAt.mjs');

/** Runs several `precis` commands whose work starts at the same moment (see precisAt.mjs). */
export function precisAllAtOnce(commands: string[][], settings: KeyEnv): Promise<Exit[]> {
  // Late enough for every process to have loaded its modules (about 0.3 s each, two cores).
  const startAt = Date.now() + 600 + 150 * commands.length;
  return Promise.all(commands.map((args) => run(AT, args, { ...keyEnv(settings), PRECIS_TEST_START_AT: String(startAt) })));
}
