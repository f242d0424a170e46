import type { Migration } from '../../../storage/migrate.ts';
import { CASE_CHAIN, appendChained } from '../../../security/repositories/auditChain.ts';

// The case audit becomes a hash chain like the library's (an edited or removed row is detected), and
// each instance keeps the sha256 of the file it was imported from, so a different file claiming the same
// SOP Instance UID is told apart from a repeat. Instances imported before this migration have no hash:
// the importer treats same size as same for them.
export const caseMigration0002: Migration = {
  version: 2,
  name: '0002-chained-audit-and-hashes',
  repository: 'imaging',
  up(db) {
    db.exec(`
      ALTER TABLE instances ADD COLUMN sha256 TEXT;
      ALTER TABLE case_audit RENAME TO case_audit_0001;
      CREATE TABLE case_audit (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        at TEXT NOT NULL,
        actor TEXT NOT NULL,
        action TEXT NOT NULL,
        detail TEXT NOT NULL,
        prev_hash TEXT NOT NULL,
        hash TEXT NOT NULL
      );
    `);
    // Existing rows are chained in their order, keeping their seq (the order they were written in).
    const rows = db.prepare('SELECT seq, at, actor, action, detail FROM case_audit_0001 ORDER BY seq').all() as Array<Record<string, string>>;
    for (const row of rows) {
      appendChained(db, CASE_CHAIN, row);
      db.prepare('UPDATE case_audit SET seq = ? WHERE seq = last_insert_rowid()').run(row.seq);
    }
    db.exec('DROP TABLE case_audit_0001');
  },
};
