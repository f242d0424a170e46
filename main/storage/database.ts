// Opening an encrypted SQLite file (library.sqlite, cases/<id>.sqlite): with its raw 256-bit key (a
// passphrase KDF per open would cost 50-220 ms a file, notes/environment.md), migrated, then handed out
// as two handles whose types differ: a function that writes asks for a WritableDb, which a ReadableDb
// is not; and the read handle is a read-only connection, so SQLite itself refuses a write through it.
import Database from 'better-sqlite3-multiple-ciphers';
import { AppError } from '../errors.ts';
import { migrate, type Migration } from './migrate.ts';

declare const readable: unique symbol;
declare const writable: unique symbol;
/** A connection repositories read through. */
export type ReadableDb = Database.Database & { readonly [readable]: true };
/** The connection repositories write through (it reads too). */
export type WritableDb = ReadableDb & { readonly [writable]: true };

export interface DatabaseHandles {
  read: ReadableDb;
  write: WritableDb;
  schemaVersion: number;
  close(): void;
}

function connect(path: string, key: Buffer, readonly: boolean): Database.Database {
  if (key.length !== 32) throw new Error('database keys are 256-bit');
  const db = new Database(path, { readonly, fileMustExist: readonly });
  try {
    db.pragma(`key = "x'${key.toString('hex')}'"`);
    // Set before anything takes a lock (the first read, switching to WAL): processes opening a new file
    // at the same moment wait for each other instead of failing with "database is locked". 30 s, not 5:
    // on a loaded two-core machine five first opens, each migrating 6 + 15 steps and importing a series,
    // queued for more than 5 s (keys-concurrent.test.ts failed once in a CI run).
    db.pragma('busy_timeout = 30000');
    // The first read fails with SQLITE_NOTADB when the key is wrong or the file is not ours.
    db.pragma('schema_version', { simple: true });
  } catch (error) {
    db.close();
    if (error instanceof Error && 'code' in error && error.code === 'SQLITE_NOTADB') {
      throw new AppError('wrong-key', `The file ${path} cannot be opened with this key: wrong passphrase, or not a Precis file.`);
    }
    throw error;
  }
  if (!readonly) db.pragma('journal_mode = WAL');
  db.pragma('foreign_keys = ON');
  // Deleted rows (an erased case's wrapped key, superseded pages) are overwritten with zeros, not left
  // in free pages for a copy of the file to give up.
  if (!readonly) db.pragma('secure_delete = ON');
  return db;
}

/** One writable connection, not migrated: for maintenance that needs the file to itself (re-keying). */
export function openWritable(path: string, key: Buffer): WritableDb {
  return connect(path, key, false) as WritableDb;
}

/** One read-only connection, not migrated: to check a key opens a file, or to read a copy. */
export function openReadable(path: string, key: Buffer): ReadableDb {
  return connect(path, key, true) as ReadableDb;
}

/** Opens, migrates (refusing a file newer than this release), and hands out the two handles. */
export function openDatabase(path: string, key: Buffer, schema: { migrations: readonly Migration[]; label: string }): DatabaseHandles {
  const write = connect(path, key, false) as WritableDb;
  let schemaVersion: number;
  let read: ReadableDb;
  try {
    schemaVersion = migrate(write, schema.migrations, schema.label);
    read = connect(path, key, true) as ReadableDb;
  } catch (error) {
    write.close(); // a refused (newer) or failed file stays closed, so it can be replaced or retried
    throw error;
  }
  return {
    read,
    write,
    schemaVersion,
    close() {
      read.close();
      write.close();
    },
  };
}

/** What every repository is built on: the file's two handles, reads through one, writes through the other. */
export abstract class Repository {
  protected readonly read: ReadableDb;
  protected readonly write: WritableDb;

  constructor(handles: { read: ReadableDb; write: WritableDb }) {
    this.read = handles.read;
    this.write = handles.write;
  }
}
