// The models imported into this data directory (issue 14), in the library. Recording an import is
// audited in the library's chain ('model.import'), in the same transaction.
import type { ModelRecord } from '../../../preload/api.ts';
import type { LibraryAudit } from '../../security/repositories/auditChain.ts';
import { Repository, type DatabaseHandles } from '../../storage/database.ts';

interface Row { id: string; version: string; task: string; sha256: string; manifest_sha256: string; external_files: string; imported_by: string; imported_at: string }

const recordOf = (r: Row): ModelRecord => ({
  id: r.id,
  version: r.version,
  task: r.task as ModelRecord['task'],
  sha256: r.sha256,
  manifestSha256: r.manifest_sha256,
  externalFiles: JSON.parse(r.external_files) as ModelRecord['externalFiles'],
  importedBy: r.imported_by,
  importedAt: r.imported_at,
});

export class ModelRegistry extends Repository {
  private readonly auditLog: LibraryAudit;

  constructor(handles: DatabaseHandles, auditLog: LibraryAudit) {
    super(handles);
    this.auditLog = auditLog;
  }

  list(): ModelRecord[] {
    return (this.read.prepare('SELECT * FROM models ORDER BY id, version').all() as Row[]).map(recordOf);
  }

  /** `fresh`: read on the writing connection, under a write lock the caller holds. */
  get(id: string, version: string, fresh = false): ModelRecord | null {
    const row = (fresh ? this.write : this.read).prepare('SELECT * FROM models WHERE id = ? AND version = ?').get(id, version) as Row | undefined;
    return row ? recordOf(row) : null;
  }

  /** Records an import (or a re-import of the same files, which replaces who and when) and audits it. */
  record(model: ModelRecord, again: boolean): void {
    this.write.transaction(() => {
      this.write
        .prepare(`INSERT INTO models (id, version, task, sha256, manifest_sha256, external_files, imported_by, imported_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                  ON CONFLICT (id, version) DO UPDATE SET imported_by = excluded.imported_by, imported_at = excluded.imported_at`)
        .run(model.id, model.version, model.task, model.sha256, model.manifestSha256, JSON.stringify(model.externalFiles), model.importedBy, model.importedAt);
      this.auditLog.append({ actor: model.importedBy, action: 'model.import', caseId: null, detail: { id: model.id, version: model.version, sha256: model.sha256, manifestSha256: model.manifestSha256, again } });
    }).immediate();
  }
}
