// Numbered schema migrations, all pending ones in one transaction, recorded in PRAGMA user_version.
// A file has one ordered list; each migration belongs to the repository (capability) whose tables it
// makes, so that imaging, annotations, inference and genomics each bring their own files.
import type Database from 'better-sqlite3-multiple-ciphers';
import { AppError } from '../errors.ts';
import type { WritableDb } from './database.ts';

export interface Migration {
  version: number;
  name: string;
  /** The repository whose tables this migration makes or changes, e.g. 'imaging', 'audit'. */
  repository: string;
  up(db: WritableDb): void;
}

export function migrate(db: Database.Database, migrations: readonly Migration[], fileLabel: string): number {
  const latest = migrations.length;
  migrations.forEach((m, index) => {
    if (m.version !== index + 1) throw new Error(`migration ${m.name} is numbered ${m.version}, expected ${index + 1}`);
  });
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > latest) {
    throw new AppError(
      'newer-file',
      `${fileLabel} was written by a newer version of Precis (schema ${current}, this version understands up to ${latest}). Update Precis to open it.`,
    );
  }
  if (current === latest) return current;
  // Under the write lock (BEGIN IMMEDIATE) and from the version read there: another process opening
  // the same new file at the same moment may have migrated it since (issue 11, finding 1).
  db.transaction(() => {
    const start = db.pragma('user_version', { simple: true }) as number;
    for (const migration of migrations.slice(start)) migration.up(db as WritableDb);
    db.pragma(`user_version = ${latest}`);
  }).immediate();
  return latest;
}
