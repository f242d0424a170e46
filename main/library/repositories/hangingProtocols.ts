// The layout saved per modality (hanging protocols), in the library. Saving is audited in the library's chain.
import type { HangingProtocol } from '../../../preload/api.ts';
import type { LibraryAudit } from '../../security/repositories/auditChain.ts';
import { Repository, type DatabaseHandles } from '../../storage/database.ts';

interface Row { modality: string; layout: string; saved_by: string; saved_at: string }

const protocolOf = (r: Row): HangingProtocol => ({ modality: r.modality, layout: r.layout as HangingProtocol['layout'], savedBy: r.saved_by, savedAt: r.saved_at });

export class HangingProtocols extends Repository {
  private readonly auditLog: LibraryAudit;

  constructor(handles: DatabaseHandles, auditLog: LibraryAudit) {
    super(handles);
    this.auditLog = auditLog;
  }

  list(): HangingProtocol[] {
    return (this.read.prepare('SELECT * FROM hanging_protocols ORDER BY modality').all() as Row[]).map(protocolOf);
  }

  save(modality: string, layout: HangingProtocol['layout'], actor: string, at: string = new Date().toISOString()): HangingProtocol {
    this.write.transaction(() => {
      this.write
        .prepare(`INSERT INTO hanging_protocols (modality, layout, saved_by, saved_at) VALUES (?, ?, ?, ?)
                  ON CONFLICT (modality) DO UPDATE SET layout = excluded.layout, saved_by = excluded.saved_by, saved_at = excluded.saved_at`)
        .run(modality, layout, actor, at);
      this.auditLog.append({ actor, action: 'hanging.save', caseId: null, detail: { modality, layout } });
    }).immediate();
    return { modality, layout, savedBy: actor, savedAt: at };
  }
}
