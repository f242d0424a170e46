// The annotations of a case's variants (issue 15): annotation runs with the packs they used, one row
// per variant (replaced when the file is annotated again), and overrides. An override is written to the
// case's audit chain ('variant.override') in the same transaction; the automatic call stays beside it.
import type { VariantAnnotation, VariantOverride } from '../../../preload/api.ts';
import type { CaseAudit } from '../../security/repositories/auditChain.ts';
import { Repository, type DatabaseHandles } from '../../storage/database.ts';

export interface AnnotationRun {
  fileId: number;
  packs: string[];
  refused: Array<{ packId: string; code: string; message: string }>;
  geneNote: string | null;
  tumourType: string | null;
  annotatedBy: string;
  annotatedAt: string;
}

/** What one variant's row holds (its override is read beside it). */
export type StoredAnnotation = Omit<VariantAnnotation, 'override' | 'packs' | 'geneNote'>;

interface Row { variant_id: number; clinvar: string | null; civic: string; gene: string | null; region: string | null; tier: string; level: string | null; rule: string; flagged: number; packs: string; gene_note: string | null }
interface OverrideRow { tier: string; rationale: string; overridden_by: string; overridden_at: string }

export class VariantAnnotationsRepository extends Repository {
  private readonly auditChain: CaseAudit;

  constructor(handles: DatabaseHandles, auditChain: CaseAudit) {
    super(handles);
    this.auditChain = auditChain;
  }

  /** Starts a run; its annotations follow in batches (`store`), all replaced for the file's variants. */
  beginRun(run: AnnotationRun): number {
    const result = this.write
      .prepare('INSERT INTO annotation_runs (file_id, packs, refused, gene_note, tumour_type, annotated_by, annotated_at, variants) VALUES (?, ?, ?, ?, ?, ?, ?, 0)')
      .run(run.fileId, JSON.stringify(run.packs), JSON.stringify(run.refused), run.geneNote, run.tumourType, run.annotatedBy, run.annotatedAt);
    return Number(result.lastInsertRowid);
  }

  /** One batch in one transaction. */
  store(runId: number, batch: readonly StoredAnnotation[]): void {
    const insert = this.write.prepare(`INSERT OR REPLACE INTO variant_annotations (variant_id, run_id, clinvar, civic, gene, region, tier, level, rule, flagged) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
    this.write.transaction(() => {
      for (const a of batch) insert.run(Number(a.variantId), runId, a.clinvar ? JSON.stringify(a.clinvar) : null, JSON.stringify(a.civic), a.gene, a.region, a.call.tier, a.call.level, a.call.rule, a.call.flagged ? 1 : 0);
      this.write.prepare('UPDATE annotation_runs SET variants = variants + ? WHERE run_id = ?').run(batch.length, runId);
    })();
  }

  /** The variant's annotation with the packs of its run and its latest override; null if never annotated. */
  get(variantId: string): VariantAnnotation | null {
    const row = this.read
      .prepare('SELECT a.*, r.packs, r.gene_note FROM variant_annotations a JOIN annotation_runs r ON r.run_id = a.run_id WHERE a.variant_id = ?')
      .get(Number(variantId)) as Row | undefined;
    return row ? this.annotationOf(row, this.override(variantId)) : null;
  }

  /** The annotations of variants first..last (ids, inclusive), by variant id: one query for a page. */
  between(first: number, last: number): Map<number, VariantAnnotation> {
    const rows = this.read
      .prepare('SELECT a.*, r.packs, r.gene_note FROM variant_annotations a JOIN annotation_runs r ON r.run_id = a.run_id WHERE a.variant_id BETWEEN ? AND ?')
      .all(first, last) as Row[];
    const overrides = new Map<number, VariantOverride>();
    const latest = this.read.prepare(`SELECT variant_id, tier, rationale, overridden_by, overridden_at FROM variant_overrides WHERE variant_id BETWEEN ? AND ? ORDER BY override_id`).all(first, last) as Array<OverrideRow & { variant_id: number }>;
    for (const o of latest) overrides.set(o.variant_id, { tier: o.tier, rationale: o.rationale, by: o.overridden_by, at: o.overridden_at });
    return new Map(rows.map((r) => [r.variant_id, this.annotationOf(r, overrides.get(r.variant_id) ?? null)]));
  }

  private annotationOf(row: Row, override: VariantOverride | null): VariantAnnotation {
    return {
      variantId: String(row.variant_id),
      clinvar: row.clinvar ? JSON.parse(row.clinvar) as VariantAnnotation['clinvar'] : null,
      civic: JSON.parse(row.civic) as VariantAnnotation['civic'],
      gene: row.gene,
      region: row.region,
      geneNote: row.gene_note,
      call: { tier: row.tier as VariantAnnotation['call']['tier'], level: row.level, rule: row.rule, flagged: row.flagged === 1 },
      override,
      packs: JSON.parse(row.packs) as string[],
    };
  }

  override(variantId: string): VariantOverride | null {
    const row = this.read
      .prepare('SELECT tier, rationale, overridden_by, overridden_at FROM variant_overrides WHERE variant_id = ? ORDER BY override_id DESC LIMIT 1')
      .get(Number(variantId)) as OverrideRow | undefined;
    return row ? { tier: row.tier, rationale: row.rationale, by: row.overridden_by, at: row.overridden_at } : null;
  }

  /** Records a clinician's override and audits it with the automatic call it replaces. */
  addOverride(variantId: string, override: VariantOverride, automatic: string | null): void {
    this.write.transaction(() => {
      this.write.prepare('INSERT INTO variant_overrides (variant_id, tier, rationale, overridden_by, overridden_at) VALUES (?, ?, ?, ?, ?)').run(Number(variantId), override.tier, override.rationale, override.by, override.at);
      this.auditChain.append({ at: override.at, actor: override.by, action: 'variant.override', detail: { variantId, tier: override.tier, rationale: override.rationale, automatic } });
    }).immediate();
  }

  /** The latest run of a file, or null. */
  latestRun(fileId: number): (AnnotationRun & { runId: number; variants: number }) | null {
    const row = this.read.prepare('SELECT * FROM annotation_runs WHERE file_id = ? ORDER BY run_id DESC LIMIT 1').get(fileId) as
      | { run_id: number; file_id: number; packs: string; refused: string; gene_note: string | null; tumour_type: string | null; annotated_by: string; annotated_at: string; variants: number }
      | undefined;
    if (!row) return null;
    return { runId: row.run_id, fileId: row.file_id, packs: JSON.parse(row.packs) as string[], refused: JSON.parse(row.refused) as AnnotationRun['refused'], geneNote: row.gene_note, tumourType: row.tumour_type, annotatedBy: row.annotated_by, annotatedAt: row.annotated_at, variants: row.variants };
  }
}
