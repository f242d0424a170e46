// The knowledge packs imported into this data directory (issue 15), in the library. Recording an import
// is audited in the library's chain ('knowledge.import'), in the same transaction.
import type { KnowledgePack } from '../../../preload/api.ts';
import type { LibraryAudit } from '../../security/repositories/auditChain.ts';
import { Repository, type DatabaseHandles } from '../../storage/database.ts';

interface Row { id: string; kind: string; source: string; release_date: string | null; build: string; sha256: string; files: string; imported_by: string; imported_at: string }

const packOf = (r: Row): KnowledgePack => ({
  id: r.id,
  kind: r.kind as KnowledgePack['kind'],
  source: r.source,
  releaseDate: r.release_date,
  build: r.build as KnowledgePack['build'],
  sha256: r.sha256,
  files: JSON.parse(r.files) as KnowledgePack['files'],
  importedBy: r.imported_by,
  importedAt: r.imported_at,
});

export class KnowledgePacks extends Repository {
  private readonly auditLog: LibraryAudit;

  constructor(handles: DatabaseHandles, auditLog: LibraryAudit) {
    super(handles);
    this.auditLog = auditLog;
  }

  /** Oldest release first (then import time), so the last of a kind is the newest. */
  list(): KnowledgePack[] {
    return (this.read.prepare('SELECT * FROM knowledge_packs ORDER BY kind, release_date, imported_at').all() as Row[]).map(packOf);
  }

  get(id: string, fresh = false): KnowledgePack | null {
    const row = (fresh ? this.write : this.read).prepare('SELECT * FROM knowledge_packs WHERE id = ?').get(id) as Row | undefined;
    return row ? packOf(row) : null;
  }

  /** Records an import (a re-import of the same files replaces who and when) and audits it. */
  record(pack: KnowledgePack, again: boolean): void {
    this.write.transaction(() => {
      this.write
        .prepare(`INSERT INTO knowledge_packs (id, kind, source, release_date, build, sha256, files, imported_by, imported_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                  ON CONFLICT (id) DO UPDATE SET imported_by = excluded.imported_by, imported_at = excluded.imported_at`)
        .run(pack.id, pack.kind, pack.source, pack.releaseDate, pack.build, pack.sha256, JSON.stringify(pack.files), pack.importedBy, pack.importedAt);
      this.auditLog.append({ actor: pack.importedBy, action: 'knowledge.import', caseId: null, detail: { id: pack.id, kind: pack.kind, source: pack.source, releaseDate: pack.releaseDate, build: pack.build, sha256: pack.sha256, again } });
    }).immediate();
  }
}
