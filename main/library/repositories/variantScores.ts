// The scores of a case's variants (issue 15, item 5): scoring runs with the model they used (or why none
// was used) and one score per scored variant. A file scored again has its scores replaced, the run
// recorded and audited ('vcf.score') in one transaction, so a cancelled or failed run leaves the last one whole.
import type { CaseAudit } from '../../security/repositories/auditChain.ts';
import { Repository, type DatabaseHandles } from '../../storage/database.ts';

export interface ScoreRun {
  fileId: number;
  /** The model used; null when none could be (`note` says why). */
  model: { id: string; version: string; sha256: string } | null;
  note: string | null;
  scoredBy: string;
  scoredAt: string;
  /** The file's variants, and how many of them got a score (symbolic alleles do not). */
  variants: number;
  scored: number;
}

interface RunRow { run_id: number; file_id: number; model_id: string | null; model_version: string | null; model_sha256: string | null; note: string | null; scored_by: string; scored_at: string; variants: number; scored: number }

export class VariantScoresRepository extends Repository {
  private readonly auditChain: CaseAudit;

  constructor(handles: DatabaseHandles, auditChain: CaseAudit) {
    super(handles);
    this.auditChain = auditChain;
  }

  /** Replaces the file's scores with this run's ([variantId, score] pairs), audited, in one transaction. */
  recordRun(run: ScoreRun, scores: ReadonlyArray<readonly [number, number]>): number {
    return this.write.transaction(() => {
      this.write.prepare('DELETE FROM variant_scores WHERE file_id = ?').run(run.fileId);
      const runId = Number(this.write
        .prepare('INSERT INTO score_runs (file_id, model_id, model_version, model_sha256, note, scored_by, scored_at, variants, scored) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)')
        .run(run.fileId, run.model?.id ?? null, run.model?.version ?? null, run.model?.sha256 ?? null, run.note, run.scoredBy, run.scoredAt, run.variants, run.scored).lastInsertRowid);
      const insert = this.write.prepare('INSERT INTO variant_scores (variant_id, run_id, file_id, score) VALUES (?, ?, ?, ?)');
      for (const [variantId, score] of scores) insert.run(variantId, runId, run.fileId, score);
      this.auditChain.append({ at: run.scoredAt, actor: run.scoredBy, action: 'vcf.score', detail: { fileId: run.fileId, model: run.model, note: run.note, variants: run.variants, scored: run.scored } });
      return runId;
    }).immediate();
  }

  /** The scores of variants first..last (ids, inclusive). */
  between(first: number, last: number): Map<number, number> {
    const rows = this.read.prepare('SELECT variant_id, score FROM variant_scores WHERE variant_id BETWEEN ? AND ?').all(first, last) as Array<{ variant_id: number; score: number }>;
    return new Map(rows.map((r) => [r.variant_id, r.score]));
  }

  /** The latest scoring run of a file, or null before any. */
  latestRun(fileId: number): (ScoreRun & { runId: number }) | null {
    const row = this.read.prepare('SELECT * FROM score_runs WHERE file_id = ? ORDER BY run_id DESC LIMIT 1').get(fileId) as RunRow | undefined;
    if (!row) return null;
    const model = row.model_id && row.model_version && row.model_sha256 ? { id: row.model_id, version: row.model_version, sha256: row.model_sha256 } : null;
    return { runId: row.run_id, fileId: row.file_id, model, note: row.note, scoredBy: row.scored_by, scoredAt: row.scored_at, variants: row.variants, scored: row.scored };
  }
}
