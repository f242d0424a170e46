// Variants linked to the lesion a biopsy came from (issue 15, item 6): one row per variant and
// annotation, with who linked it and when. Linking and unlinking go to the case's audit chain in the
// same transaction; a link already there (or an unlink of none) changes nothing and leaves no row.
import type { LesionLink } from '../../../preload/api.ts';
import type { CaseAudit } from '../../security/repositories/auditChain.ts';
import { Repository, type DatabaseHandles } from '../../storage/database.ts';

interface LinkRow { variant_id: number; annotation_uid: string; linked_by: string; linked_at: string }

export class VariantLinksRepository extends Repository {
  private readonly auditChain: CaseAudit;

  constructor(handles: DatabaseHandles, auditChain: CaseAudit) {
    super(handles);
    this.auditChain = auditChain;
  }

  list(): LesionLink[] {
    const rows = this.read.prepare('SELECT * FROM variant_lesion_links ORDER BY linked_at, variant_id').all() as LinkRow[];
    return rows.map((r) => ({ variantId: r.variant_id, annotationUID: r.annotation_uid, linkedBy: r.linked_by, linkedAt: r.linked_at }));
  }

  /** Links or unlinks; true when it changed anything. */
  set(variantId: number, annotationUID: string, linked: boolean, actor: string, at: string = new Date().toISOString()): boolean {
    return this.write.transaction(() => {
      const changed = linked
        ? this.write.prepare('INSERT INTO variant_lesion_links VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING').run(variantId, annotationUID, actor, at).changes > 0
        : this.write.prepare('DELETE FROM variant_lesion_links WHERE variant_id = ? AND annotation_uid = ?').run(variantId, annotationUID).changes > 0;
      if (changed) this.auditChain.append({ at, actor, action: linked ? 'variant.link' : 'variant.unlink', detail: { variantId, annotationUID } });
      return changed;
    }).immediate();
  }
}
