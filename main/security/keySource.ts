// Where the master key comes from outside Electron: PRECIS_PASSPHRASE, a prompt on a terminal, or
// (non-interactive, no passphrase) a random machine key kept in the user's config directory, outside
// the data directory, the way an OS keychain would keep it.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { AppError } from '../errors.ts';
import { keyringSource, type MasterKeySource } from './keys.ts';

export function machineKeyPath(): string {
  return process.env.PRECIS_KEY_FILE ?? join(homedir(), '.config', 'precis', 'machine.key');
}

function readOrCreateMachineKey(path: string): Buffer {
  if (existsSync(path)) return Buffer.from(readFileSync(path, 'utf8').trim(), 'hex');
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const key = randomBytes(32);
  writeFileSync(path, key.toString('hex'), { mode: 0o600 });
  return key;
}

export async function promptPassphrase(question: string): Promise<string> {
  const { createInterface } = await import('node:readline');
  const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: true });
  // Mute the echo of typed characters.
  const output = rl as unknown as { _writeToOutput: (s: string) => void };
  let prompted = false;
  output._writeToOutput = (s: string) => {
    if (!prompted) process.stderr.write(s);
    prompted = true;
  };
  const answer = await new Promise<string>((resolve) => rl.question(question, resolve));
  rl.close();
  process.stderr.write('\n');
  return answer;
}

/** For the CLI and the web host. Electron uses safeStorage instead (main/electron/keychain.ts). */
export async function resolveNodeKeySource(dataDir: string, options: { interactive: boolean }): Promise<MasterKeySource> {
  const existing = keyringSource(dataDir);
  const passphrase = process.env.PRECIS_PASSPHRASE;
  if (passphrase && existing !== 'raw') return { kind: 'passphrase', passphrase };
  const canPrompt = options.interactive && process.stdin.isTTY && process.env.PRECIS_NO_PROMPT !== '1';
  if (existing === 'passphrase' && !canPrompt) {
    throw new AppError('passphrase-required', 'This data directory is protected by a passphrase: set PRECIS_PASSPHRASE.');
  }
  if (existing === 'passphrase' || (existing === null && canPrompt)) {
    return { kind: 'passphrase', passphrase: await promptPassphrase('Precis passphrase: ') };
  }
  const path = machineKeyPath();
  return { kind: 'raw', key: readOrCreateMachineKey(path), label: path };
}
