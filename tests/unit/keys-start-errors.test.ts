// Issue 11, finding 8: a failed start of the app says what happened and what to do (the mapping the
// Electron window shows), and the IPC check answers only the app's own window. Errors come from the
// real code paths where cheap: real keyrings, a real SQLite file from a newer schema, a real lock.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import { afterAll, describe, expect, it } from 'vitest';
import { isAppFrame } from '../../main/electron/senderCheck.ts';
import { AppError } from '../../main/errors.ts';
import { Library } from '../../main/library/index.ts';
import { keyringPath, readKeyring, serializeKeyring } from '../../main/security/keyring.ts';
import { deriveSubkey, unlockMasterKey } from '../../main/security/keys.ts';
import { resolveNodeKeySource } from '../../main/security/keySource.ts';
import type { ErrorCode } from '../../preload/errorCodes.ts';
import { describeStartFailure, startFailureText } from '../../main/security/startErrors.ts';
import { removeTempDirs, tempDir } from './support/env.ts';

const PASSPHRASE = 'integration-test passphrase';
afterAll(removeTempDirs);

function thrown(action: () => unknown): unknown {
  try {
    action();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}

function newDirectory(): string {
  const dataDir = join(tempDir('keys-start'), 'data');
  mkdirSync(dataDir);
  unlockMasterKey(dataDir, { kind: 'passphrase', passphrase: PASSPHRASE });
  return dataDir;
}

describe('start failure messages', () => {
  it('a wrong passphrase says so and asks for the one the directory was created with', () => {
    // Failing: the app window closes (or stays blank) with no word on why.
    const dataDir = newDirectory();
    const failure = describeStartFailure(thrown(() => unlockMasterKey(dataDir, { kind: 'passphrase', passphrase: 'another passphrase' })));
    expect(failure).toMatchObject({ code: 'wrong-key', title: 'Wrong key for this data directory', message: 'The passphrase does not open this data directory.' });
    expect(failure.whatToDo).toMatch(/passphrase .* this data directory was created with/);
  });

  it('a file from a newer version says to install that version', () => {
    // Failing: a newer library shows a raw SQLite or migration error.
    const dataDir = newDirectory();
    const key = unlockMasterKey(dataDir, { kind: 'passphrase', passphrase: PASSPHRASE });
    Library.open(dataDir, key).close();
    const db = new Database(join(dataDir, 'library.sqlite'));
    db.pragma(`key = "x'${deriveSubkey(key, 'library').toString('hex')}'"`);
    db.pragma('user_version = 999');
    db.close();
    const failure = describeStartFailure(thrown(() => Library.open(dataDir, key)));
    expect(failure.code).toBe('newer-file');
    expect(failure.message).toMatch(/newer version of Precis \(schema 999/);
    expect(failure.whatToDo).toMatch(/Install the newer version/);
  });

  it('a directory in use (a key change running, or SQLite busy) says to close the other Precis', () => {
    // Failing: "database is locked" with nothing to do about it.
    const dataDir = newDirectory();
    const keyring = readKeyring(dataDir)!;
    writeFileSync(keyringPath(dataDir), serializeKeyring({ ...keyring, pending: { ...keyring, pid: process.pid } }));
    const running = describeStartFailure(thrown(() => unlockMasterKey(dataDir, { kind: 'passphrase', passphrase: PASSPHRASE })));
    expect(running).toMatchObject({ code: 'directory-locked', title: 'The data directory is busy' });
    expect(running.message).toMatch(/A key change is running on .* \(process \d+\)/);
    const busy = describeStartFailure(Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' }));
    expect(busy.whatToDo).toMatch(/close that one, or wait for it to finish/);
  });

  it('a missing machine key names the file and how to restore it', async () => {
    // Failing: a new key is written and the start fails with "wrong passphrase".
    const dataDir = join(tempDir('keys-start-machine'), 'data');
    mkdirSync(dataDir);
    const keyFile = join(tempDir('keys-start-file'), 'machine.key');
    const saved = { file: process.env.PRECIS_KEY_FILE, passphrase: process.env.PRECIS_PASSPHRASE };
    process.env.PRECIS_KEY_FILE = keyFile;
    delete process.env.PRECIS_PASSPHRASE;
    try {
      unlockMasterKey(dataDir, await resolveNodeKeySource(dataDir, { interactive: false }));
      rmSync(keyFile);
      const error = await resolveNodeKeySource(dataDir, { interactive: false }).catch((e: unknown) => e);
      const failure = describeStartFailure(error);
      expect(failure.code).toBe('machine-key-missing');
      expect(failure.message).toContain(keyFile);
      expect(startFailureText(failure)).toMatch(/Restore the key file from a backup .* PRECIS_KEY_FILE/);
    } finally {
      restoreEnv('PRECIS_KEY_FILE', saved.file);
      restoreEnv('PRECIS_PASSPHRASE', saved.passphrase);
    }
  });

  it('every key failure code has its own title and way out; anything else a generic one', () => {
    // Failing: a start failure shows a code or a stack instead of a sentence and a way out.
    const codes: ErrorCode[] = ['wrong-key-source', 'passphrase-required', 'passphrase-for-machine-key', 'machine-key-corrupt', 'keyring-corrupt', 'keychain-unavailable', 'keychain-untrusted', 'weak-passphrase'];
    const titles = new Set<string>();
    for (const code of codes) {
      const failure = describeStartFailure(new AppError(code, 'What happened.'));
      expect(failure.code, code).toBe(code);
      expect(failure.message).toBe('What happened.');
      expect(failure.whatToDo.length, code).toBeGreaterThan(20);
      titles.add(failure.title);
    }
    expect(titles.size).toBe(codes.length);
    expect(describeStartFailure(new AppError('keychain-untrusted', 'x')).whatToDo).toMatch(/PRECIS_PASSPHRASE/);
    expect(describeStartFailure(new Error('boom'))).toMatchObject({ code: 'start-failed', title: 'Precis could not start', message: 'boom' });
  });
});

describe('IPC sender check', () => {
  it('answers only the main frame of the app window on a precis://app/ page', () => {
    // Failing: an iframe, or the window after navigating elsewhere, could call the whole API.
    const main = { url: 'precis://app/index.html' };
    expect(isAppFrame(main, main)).toBe(true);
    expect(isAppFrame({ url: 'precis://app/index.html' }, main)).toBe(false); // another frame, same URL
    expect(isAppFrame(null, main)).toBe(false);
    expect(isAppFrame(main, null)).toBe(false);
    for (const url of ['https://example.org/', 'precis://other/index.html', 'file:///etc/passwd', 'not a url']) {
      const frame = { url };
      expect(isAppFrame(frame, frame), url).toBe(false);
    }
  });
});

function restoreEnv(name: string, value: string | undefined): void {
  if (value === undefined) delete process.env[name];
  else process.env[name] = value;
}
