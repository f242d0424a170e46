// `precis key change`: a new master key for a data directory. Every case key is re-wrapped under it and
// library.sqlite is re-keyed with the library key derived from it; case files and the DICOM store keep
// their own keys and are not touched.
//
// Crash safety: keyring.json first records the change as pending (with this process id), then a copy
// of library.sqlite is taken, then the library is changed, then keyring.json is replaced by the new
// key alone (the commit point, an atomic rename). A change killed before that point is undone on the
// next open (keyring.ts, undoInterruptedKeyChange): the copy comes back and the old key opens the
// directory; after it, the new key does. At no moment does no key open the directory.
import { closeSync, copyFileSync, fsyncSync, openSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { AppError } from '../errors.ts';
import { replaceWrappedKeys } from '../library/repositories/patientIndex.ts';
import { openWritable, type WritableDb } from '../storage/database.ts';
import { rekey, takeExclusively } from '../storage/maintenance.ts';
import { appendAudit } from '../security/repositories/auditChain.ts';
import { keyringPath, libraryBackupPath, readKeyring, replaceFile, serializeKeyring, type KeyEntry } from '../security/keyring.ts';
import { deriveSubkey, newKeyEntry, unlockMasterKey, unwrapKey, wrapKey, type MasterKeySource } from '../security/keys.ts';

export interface KeyChangeResult {
  /** Case keys re-wrapped. */
  cases: number;
  from: MasterKeySource['kind'];
  to: MasterKeySource['kind'];
}

/** For tests: called between the steps, so a test can stop the process at each one. */
export type StepHook = (step: 'locked' | 'pending' | 'backup' | 'rewrapped' | 'rekeyed' | 'committed') => void;

export function changeMasterKey(dataDir: string, from: MasterKeySource, to: MasterKeySource, actor: string, hook: StepHook = () => {}): KeyChangeResult {
  const oldKey = unlockMasterKey(dataDir, from);
  const { entry, key: newKey } = newKeyEntry(to);
  const libraryPath = join(dataDir, 'library.sqlite');
  const db = lockLibrary(libraryPath, deriveSubkey(oldKey, 'library'));
  let cases = 0;
  try {
    hook('locked');
    const previous = readKeyring(dataDir)!;
    replaceFile(keyringPath(dataDir), serializeKeyring({ ...previous, pending: { ...entry, pid: process.pid } }));
    hook('pending');
    copyDurably(libraryPath, libraryBackupPath(dataDir, process.pid));
    hook('backup');
    cases = rewrapCaseKeys(db, oldKey, newKey);
    appendAudit(db, { actor, action: 'key.change', caseId: null, detail: { cases, from: from.kind, to: to.kind } });
    hook('rewrapped');
    rekey(db, deriveSubkey(newKey, 'library'));
    hook('rekeyed');
  } finally {
    db.close();
  }
  commit(dataDir, entry);
  hook('committed');
  return { cases, from: from.kind, to: to.kind };
}

/** Opens the library alone: no other process may use it while its key changes. */
function lockLibrary(path: string, key: Buffer): WritableDb {
  const db = openWritable(path, key);
  try {
    // Leaving WAL needs every other connection closed; the exclusive lock then keeps new ones out.
    takeExclusively(db);
    return db;
  } catch {
    db.close();
    throw new AppError(
      'directory-locked',
      'This data directory is in use (the app, the web host or another precis command): close them, then run the key change again.',
    );
  }
}

/** Re-wraps every case key in one transaction; returns how many. */
function rewrapCaseKeys(db: WritableDb, oldKey: Buffer, newKey: Buffer): number {
  return db.transaction(() => replaceWrappedKeys(db, (caseId, wrapped) => wrapKey(newKey, unwrapKey(oldKey, wrapped, caseId), caseId)))();
}

/** A full copy on disk under its final name (written beside it, flushed, renamed). */
function copyDurably(source: string, target: string): void {
  const temp = `${target}.tmp`;
  copyFileSync(source, temp);
  const fd = openSync(temp, 'r+');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(temp, target);
}

/** The commit point: the new key alone in keyring.json; then the copy under the old key goes. */
function commit(dataDir: string, entry: KeyEntry): void {
  replaceFile(keyringPath(dataDir), serializeKeyring({ version: 1, ...entry }));
  rmSync(libraryBackupPath(dataDir, process.pid), { force: true });
}
