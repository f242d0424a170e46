// Opening encrypted SQLite files. Every file is opened with a raw 256-bit key: a passphrase KDF per
// open would cost 50-220 ms a file (see notes/environment.md), and there is one file per patient.
import Database from 'better-sqlite3-multiple-ciphers';
import { AppError } from '../errors.ts';

export type Db = Database.Database;

export function openEncryptedDb(path: string, key: Buffer, options: { readonly?: boolean } = {}): Db {
  if (key.length !== 32) throw new Error('database keys are 256-bit');
  const db = new Database(path, { readonly: options.readonly ?? false, fileMustExist: options.readonly ?? false });
  try {
    db.pragma(`key = "x'${key.toString('hex')}'"`);
    // The first read fails with SQLITE_NOTADB when the key is wrong or the file is not ours.
    db.pragma('schema_version', { simple: true });
  } catch (error) {
    db.close();
    if (error instanceof Error && 'code' in error && error.code === 'SQLITE_NOTADB') {
      throw new AppError('wrong-key', `The file ${path} cannot be opened with this key: wrong passphrase, or not a Precis file.`);
    }
    throw error;
  }
  if (!options.readonly) db.pragma('journal_mode = WAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  return db;
}
