// The annotations of a case's variants (issue 15): annotation runs with the packs they used and the
// call of a variant no knowledge mentions (the run's default), one row per variant knowledge does
// mention (a file annotated again has its rows replaced, in one transaction), and overrides. An override is written to
// the case's audit chain ('variant.override') in the same transaction; the automatic call stays beside it.
import type { VariantAnnotation, VariantCall, VariantOverride } from '../../../preload/api.ts';
import type { CaseAudit } from '../../security/repositories/auditChain.ts';
import { Repository, type DatabaseHandles } from '../../storage/database.ts';

export interface AnnotationRun {
  fileId: number;
  packs: string[];
  refused: Array<{ packId: string; code: string; message: string }>;
  geneNote: string | null;
  tumourType: string | null;
  /** The call of every variant of the file that has no row of its own. */
  defaultCall: VariantCall;
  annotatedBy: string;
  annotatedAt: string;
}

/** What one variant's row holds (its override, packs and gene note are read beside it). */
export type StoredAnnotation = Omit<VariantAnnotation, 'override' | 'packs' | 'geneNote'>;

interface Row { variant_id: number; clinvar: string | null; civic: string; gene: string | null; region: string | null; tier: string; level: string | null; rule: string; flagged: number; packs: string; gene_note: string | null }
interface OverrideRow { tier: string; rationale: string; overridden_by: string; overridden_at: string }
interface RunRow { run_id: number; file_id: number; packs: string; refused: string; gene_note: string | null; tumour_type: string | null; default_call: string; annotated_by: string; annotated_at: string; variants: number }

const ROW_SELECT = 'SELECT a.*, r.packs, r.gene_note FROM variant_annotations a JOIN annotation_runs r ON r.run_id = a.run_id';

export class VariantAnnotationsRepository extends Repository {
  private readonly auditChain: CaseAudit;

  constructor(handles: DatabaseHandles, auditChain: CaseAudit) {
    super(handles);
    this.auditChain = auditChain;
  }

  /** Records a finished run of a file in one transaction: its earlier rows go, the run and its rows
   *  (the variants knowledge mentions) come in, so a cancelled or failed run leaves the last one whole. */
  recordRun(run: AnnotationRun, variants: number, rows: readonly StoredAnnotation[]): number {
    return this.write.transaction(() => {
      this.write.prepare('DELETE FROM variant_annotations WHERE file_id = ?').run(run.fileId);
      const runId = Number(this.write
        .prepare('INSERT INTO annotation_runs (file_id, packs, refused, gene_note, tumour_type, default_call, annotated_by, annotated_at, variants) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)')
        .run(run.fileId, JSON.stringify(run.packs), JSON.stringify(run.refused), run.geneNote, run.tumourType, JSON.stringify(run.defaultCall), run.annotatedBy, run.annotatedAt, variants).lastInsertRowid);
      const insert = this.write.prepare(`INSERT INTO variant_annotations (variant_id, run_id, file_id, clinvar, civic, gene, region, tier, level, rule, flagged) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
      for (const a of rows) insert.run(Number(a.variantId), runId, run.fileId, a.clinvar ? JSON.stringify(a.clinvar) : null, JSON.stringify(a.civic), a.gene, a.region, a.call.tier, a.call.level, a.call.rule, a.call.flagged ? 1 : 0);
      return runId;
    }).immediate();
  }

  /** The variant's annotation (its own row, else its file's default) with its latest override; null before any run of the file. */
  get(variantId: number, fileId: number): VariantAnnotation | null {
    const row = this.read.prepare(`${ROW_SELECT} WHERE a.variant_id = ?`).get(variantId) as Row | undefined;
    const override = this.override(variantId);
    if (row) return this.annotationOf(row, override);
    return this.defaultFor(fileId, variantId, override);
  }

  /** The annotations of variants first..last (ids, inclusive) of one page; those without a row get their file's default. */
  between(first: number, last: number, variants: ReadonlyArray<{ variantId: number; fileId: number }>): Map<number, VariantAnnotation> {
    const rows = this.read.prepare(`${ROW_SELECT} WHERE a.variant_id BETWEEN ? AND ?`).all(first, last) as Row[];
    const overrides = new Map<number, VariantOverride>();
    const latest = this.read.prepare('SELECT variant_id, tier, rationale, overridden_by, overridden_at FROM variant_overrides WHERE variant_id BETWEEN ? AND ? ORDER BY override_id').all(first, last) as Array<OverrideRow & { variant_id: number }>;
    for (const o of latest) overrides.set(o.variant_id, { tier: o.tier, rationale: o.rationale, by: o.overridden_by, at: o.overridden_at });
    const out = new Map(rows.map((r) => [r.variant_id, this.annotationOf(r, overrides.get(r.variant_id) ?? null)]));
    const runs = new Map<number, RunRow | null>();
    for (const v of variants) {
      if (out.has(v.variantId)) continue;
      if (!runs.has(v.fileId)) runs.set(v.fileId, this.latestRunRow(v.fileId));
      const run = runs.get(v.fileId);
      if (run) out.set(v.variantId, this.defaultOf(run, v.variantId, overrides.get(v.variantId) ?? null));
    }
    return out;
  }

  override(variantId: number): VariantOverride | null {
    const row = this.read
      .prepare('SELECT tier, rationale, overridden_by, overridden_at FROM variant_overrides WHERE variant_id = ? ORDER BY override_id DESC LIMIT 1')
      .get(variantId) as OverrideRow | undefined;
    return row ? { tier: row.tier, rationale: row.rationale, by: row.overridden_by, at: row.overridden_at } : null;
  }

  /** Records a clinician's override and audits it with the automatic call it replaces. */
  addOverride(variantId: number, override: VariantOverride, automatic: string | null): void {
    this.write.transaction(() => {
      this.write.prepare('INSERT INTO variant_overrides (variant_id, tier, rationale, overridden_by, overridden_at) VALUES (?, ?, ?, ?, ?)').run(variantId, override.tier, override.rationale, override.by, override.at);
      this.auditChain.append({ at: override.at, actor: override.by, action: 'variant.override', detail: { variantId: String(variantId), tier: override.tier, rationale: override.rationale, automatic } });
    }).immediate();
  }

  /** The latest run of a file, or null. */
  latestRun(fileId: number): (AnnotationRun & { runId: number; variants: number }) | null {
    const row = this.latestRunRow(fileId);
    if (!row) return null;
    return { runId: row.run_id, fileId: row.file_id, packs: JSON.parse(row.packs) as string[], refused: JSON.parse(row.refused) as AnnotationRun['refused'], geneNote: row.gene_note, tumourType: row.tumour_type, defaultCall: JSON.parse(row.default_call) as VariantCall, annotatedBy: row.annotated_by, annotatedAt: row.annotated_at, variants: row.variants };
  }

  private latestRunRow(fileId: number): RunRow | null {
    return (this.read.prepare('SELECT * FROM annotation_runs WHERE file_id = ? ORDER BY run_id DESC LIMIT 1').get(fileId) as RunRow | undefined) ?? null;
  }

  private defaultFor(fileId: number, variantId: number, override: VariantOverride | null): VariantAnnotation | null {
    const run = this.latestRunRow(fileId);
    return run ? this.defaultOf(run, variantId, override) : null;
  }

  private defaultOf(run: RunRow, variantId: number, override: VariantOverride | null): VariantAnnotation {
    return { variantId: String(variantId), clinvar: null, civic: [], gene: null, region: null, geneNote: run.gene_note, call: JSON.parse(run.default_call) as VariantCall, override, packs: JSON.parse(run.packs) as string[] };
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
}
