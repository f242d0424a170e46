// Numbered schema migrations, all pending ones in one transaction, recorded in PRAGMA user_version.
import type { Db } from './db.ts';
import { AppError } from '../errors.ts';

export interface Migration {
  version: number;
  name: string;
  up(db: Db): void;
}

export function migrate(db: Db, migrations: readonly Migration[], fileLabel: string): number {
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
  db.transaction(() => {
    for (const migration of migrations.slice(current)) migration.up(db);
    db.pragma(`user_version = ${latest}`);
  })();
  return latest;
}
