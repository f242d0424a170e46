// keyring.json, the one file in a data directory that says which key opens it (kind, scrypt salt and
// a verifier). It is created exactly once, atomically and exclusively: the full content goes to a
// private temporary file that is then hard-linked to its final name, which fails when another process
// got there first; the loser reads the winner's file. Later rewrites (a key change) replace it with an
// atomic rename, so a reader always sees a whole file, the old or the new one.
import { closeSync, existsSync, fsyncSync, linkSync, openSync, readdirSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { dirname, join } from 'node:path';
import { AppError } from '../errors.ts';
import { processAlive } from '../storage/processes.ts';

export type KeyKind = 'passphrase' | 'raw';

export interface KeyEntry {
  source: KeyKind;
  /** scrypt salt, hex; empty for raw keys. */
  salt: string;
  /** HMAC of a fixed label under the master key: tells a wrong key from a corrupt file. */
  verifier: string;
}

export interface Keyring extends KeyEntry {
  version: 1;
  /** Present only while `precis key change` runs: the key being switched to and who switches it. */
  pending?: KeyEntry & { pid: number };
}

export const KEYRING_FILE = 'keyring.json';
/** The copy of library.sqlite taken before a key change; restored if the change is interrupted. */
const LIBRARY_BACKUP = 'library.sqlite.before-key-change.';

/** Named after the changing process, so that only copies of dead processes are ever cleaned up. */
export function libraryBackupPath(dataDir: string, pid: number): string {
  return join(dataDir, `${LIBRARY_BACKUP}${pid}`);
}

/** Copies (and their temporary files) left by key changes whose process is gone. */
function removeDeadBackups(dataDir: string): void {
  for (const name of readdirSync(dataDir)) {
    const pid = name.startsWith(LIBRARY_BACKUP) ? Number.parseInt(name.slice(LIBRARY_BACKUP.length), 10) : NaN;
    if (Number.isInteger(pid) && !processAlive(pid)) rmSync(join(dataDir, name), { force: true });
  }
}

export function keyringPath(dataDir: string): string {
  return join(dataDir, KEYRING_FILE);
}

export function readKeyring(dataDir: string): Keyring | null {
  const path = keyringPath(dataDir);
  if (!existsSync(path)) return null;
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as Keyring;
  } catch {
    throw new AppError('keyring-corrupt', `${path} is damaged: restore it from a backup of this data directory.`);
  }
}

/** Writes `content` to a new private temporary file beside `path`, flushed to disk; returns its name. */
function writeTemp(path: string, content: string | Buffer): string {
  const temp = join(dirname(path), `.${randomBytes(6).toString('hex')}.tmp`);
  const fd = openSync(temp, 'wx', 0o600);
  try {
    writeSync(fd, typeof content === 'string' ? Buffer.from(content) : content);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  return temp;
}

/**
 * Creates `path` with `content` unless it exists. Returns true when this call created it, false when
 * another writer did first (its content is then the one that counts).
 */
export function createFileOnce(path: string, content: string | Buffer): boolean {
  const temp = writeTemp(path, content);
  try {
    linkSync(temp, path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    rmSync(temp, { force: true });
  }
}

/** Replaces `path` whole (write a temporary file, then rename over it). */
export function replaceFile(path: string, content: string | Buffer): void {
  const temp = writeTemp(path, content);
  renameSync(temp, path);
}

export function serializeKeyring(keyring: Keyring): string {
  return JSON.stringify(keyring, null, 2);
}

/**
 * Undoes a key change that was killed before its commit point (keyChange.ts): the library copy taken
 * before it comes back and the keyring loses its pending entry, so the key from before the change
 * opens the directory. Returns true when something was undone.
 */
export function undoInterruptedKeyChange(dataDir: string): boolean {
  const keyring = readKeyring(dataDir);
  if (!keyring?.pending) {
    // Left by a change killed after its commit point: a copy under the old key, which must not stay.
    if (keyring) removeDeadBackups(dataDir);
    return false;
  }
  if (processAlive(keyring.pending.pid)) {
    throw new AppError(
      'directory-locked',
      `A key change is running on ${dataDir} (process ${keyring.pending.pid}): wait for it to finish, then start again.`,
    );
  }
  const backup = libraryBackupPath(dataDir, keyring.pending.pid);
  if (existsSync(backup)) {
    const library = join(dataDir, 'library.sqlite');
    // A journal left by the half-done re-key belongs to the file being replaced, not to the copy.
    for (const suffix of ['-journal', '-wal', '-shm']) rmSync(library + suffix, { force: true });
    renameSync(backup, library);
  }
  const { pending: _dropped, ...previous } = keyring;
  replaceFile(keyringPath(dataDir), serializeKeyring(previous));
  removeDeadBackups(dataDir);
  return true;
}

