// Whole-file operations on an open database, beside the repositories: a consistent copy, emptying the
// WAL after an erase, re-keying, and taking a file for one process alone.
import type { ReadableDb, WritableDb } from './database.ts';

/** Writes a consistent copy of the database (same key) to `path` (VACUUM INTO: one read transaction). */
export function copyInto(db: ReadableDb, path: string): void {
  db.prepare('VACUUM INTO ?').run(path);
}

/** Moves every page of the WAL into the file and empties the WAL (after an erase: no old page stays
 *  readable in it). Retries while other connections still read from it; returns whether it emptied. */
export async function truncateWal(db: WritableDb, attempts = 50): Promise<boolean> {
  for (let i = 0; i < attempts; i++) {
    const [result] = db.pragma('wal_checkpoint(TRUNCATE)') as Array<{ busy: number }>;
    if (result?.busy === 0) return true;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return false;
}

/** Re-encrypts the whole file under a new raw key. */
export function rekey(db: WritableDb, key: Buffer): void {
  db.pragma(`rekey = "x'${key.toString('hex')}'"`);
}

/** Takes the file for this connection alone (rollback journal, exclusive lock) or throws SQLITE_BUSY. */
export function takeExclusively(db: WritableDb): void {
  db.pragma('busy_timeout = 0');
  if (db.pragma('journal_mode = DELETE', { simple: true }) !== 'delete') throw new Error('journal mode not changed');
  db.pragma('locking_mode = EXCLUSIVE');
  db.exec('BEGIN EXCLUSIVE; COMMIT');
}
