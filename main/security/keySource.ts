// Where the master key comes from outside Electron: PRECIS_PASSPHRASE, a prompt on a terminal, or
// (non-interactive, no passphrase) a random machine key kept in the user's config directory, outside
// the data directory, the way an OS keychain would keep it.
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { AppError } from '../errors.ts';
import { createFileOnce } from './keyring.ts';
import { keyringSource, type MasterKeySource } from './keys.ts';
import { assertStrongPassphrase } from './passphrasePolicy.ts';

export function machineKeyPath(): string {
  return process.env.PRECIS_KEY_FILE ?? join(homedir(), '.config', 'precis', 'machine.key');
}

function readMachineKey(path: string): Buffer {
  const key = Buffer.from(readFileSync(path, 'utf8').trim(), 'hex');
  if (key.length !== 32) throw new AppError('machine-key-corrupt', `The machine key file ${path} is damaged: restore it from a backup.`);
  return key;
}

/** The machine key, created once: concurrent first starts all end up with the same key. */
function readOrCreateMachineKey(path: string): Buffer {
  if (existsSync(path)) return readMachineKey(path);
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  createFileOnce(path, randomBytes(32).toString('hex'));
  return readMachineKey(path);
}

/** A directory made with a machine key cannot be opened by a new one: say so instead of writing one. */
function existingMachineKey(path: string): Buffer {
  if (existsSync(path)) return readMachineKey(path);
  throw new AppError(
    'machine-key-missing',
    `The machine key file ${path} that opens this data directory is missing: restore it from a backup, or set PRECIS_KEY_FILE to where the key file is now.`,
  );
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

/** A new passphrase on a terminal: typed twice, the same both times, and strong enough. */
export async function promptNewPassphrase(question = 'New Precis passphrase: '): Promise<string> {
  const first = await promptPassphrase(question);
  assertStrongPassphrase(first);
  const second = await promptPassphrase('Type it again: ');
  if (first !== second) throw new AppError('passphrase-mismatch', 'The two passphrases differ: start again and type the same passphrase twice.');
  return first;
}

export function canPrompt(interactive: boolean): boolean {
  return interactive && process.stdin.isTTY === true && process.env.PRECIS_NO_PROMPT !== '1';
}

/** For the CLI and the web host. Electron uses safeStorage instead (main/electron/keychain.ts). */
export async function resolveNodeKeySource(dataDir: string, options: { interactive: boolean }): Promise<MasterKeySource> {
  const existing = keyringSource(dataDir);
  const passphrase = process.env.PRECIS_PASSPHRASE;
  if (passphrase && existing === 'raw') {
    throw new AppError(
      'passphrase-for-machine-key',
      `This data directory is protected by the machine key ${machineKeyPath()}, not a passphrase: unset PRECIS_PASSPHRASE.`,
    );
  }
  if (passphrase) return { kind: 'passphrase', passphrase };
  const prompt = canPrompt(options.interactive);
  if (existing === 'passphrase' && !prompt) {
    throw new AppError('passphrase-required', 'This data directory is protected by a passphrase: set PRECIS_PASSPHRASE.');
  }
  if (existing === 'passphrase') return { kind: 'passphrase', passphrase: await promptPassphrase('Precis passphrase: ') };
  if (existing === null && prompt) return { kind: 'passphrase', passphrase: await promptNewPassphrase() };
  const path = machineKeyPath();
  return { kind: 'raw', key: existing === 'raw' ? existingMachineKey(path) : readOrCreateMachineKey(path), label: path };
}
