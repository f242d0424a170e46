// The inference repository of a case file (case migration 0009): every model run with its provenance,
// and its findings with their review state. A run is written when it starts ('running') and completed
// once, with its findings and the case audit event 'inference.run', in one transaction: a cancelled or
// failed run keeps its provenance row and no biomarker or finding.
import type { BiomarkerValue, InferenceFinding, InferenceRun, InferenceRunStatus, ReviewedFinding } from '../../../preload/api.ts';
import type { CaseAudit } from '../../security/repositories/auditChain.ts';
import { Repository, type DatabaseHandles } from '../../storage/database.ts';

/** What is known when a run starts. */
export type RunStart = Pick<InferenceRun, 'runId' | 'model' | 'SeriesInstanceUIDs' | 'runtime' | 'parameters' | 'warnings' | 'outsideIntendedUse' | 'startedAt' | 'startedBy'>;

/** How it ended. */
export interface RunEnd {
  status: Exclude<InferenceRunStatus, 'running'>;
  endedAt: string;
  inputVoxelsSha256: string | null;
  input: InferenceRun['input'];
  /** Every warning of the run (the intended-use ones given at the start included). */
  warnings: string[];
  biomarkers: BiomarkerValue[] | null;
  findings: Array<Omit<InferenceFinding, 'position' | 'review'>>;
  error: string | null;
  peakRssMb: number | null;
}

interface RunRow {
  run_id: string;
  model_id: string;
  model_version: string;
  model_sha256: string;
  series_instance_uids: string;
  input_voxels_sha256: string | null;
  input: string | null;
  runtime_name: string;
  runtime_version: string;
  parameters: string;
  warnings: string;
  outside_intended_use: number;
  biomarkers: string | null;
  status: InferenceRunStatus;
  error: string | null;
  started_at: string;
  ended_at: string | null;
  started_by: string;
  peak_rss_mb: number | null;
}

interface FindingRow {
  position: number;
  kind: string;
  label: string;
  label_value: number | null;
  measurements: string;
  review_state: InferenceFinding['review'];
  reviewed_by: string | null;
  reviewed_at: string | null;
  review_note: string | null;
}

const parse = <T,>(text: string | null): T | null => (text === null ? null : (JSON.parse(text) as T));

export class InferenceRepository extends Repository {
  private readonly auditChain: CaseAudit;
  private readonly caseId: string;

  constructor(caseId: string, handles: DatabaseHandles, auditChain: CaseAudit) {
    super(handles);
    this.caseId = caseId;
    this.auditChain = auditChain;
  }

  begin(run: RunStart): void {
    this.write
      .prepare(
        `INSERT INTO inference_runs (run_id, model_id, model_version, model_sha256, series_instance_uids, runtime_name, runtime_version,
           parameters, warnings, outside_intended_use, status, started_at, started_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'running', ?, ?)`,
      )
      .run(run.runId, run.model.id, run.model.version, run.model.sha256, JSON.stringify(run.SeriesInstanceUIDs), run.runtime.name, run.runtime.version,
        JSON.stringify(run.parameters), JSON.stringify(run.warnings), run.outsideIntendedUse ? 1 : 0, run.startedAt, run.startedBy);
  }

  /** Completes a running run, its findings ('proposed') and its audit event at once; false when it was not running. */
  finish(runId: string, end: RunEnd, actor: string): boolean {
    return this.write.transaction(() => {
      const keepResults = end.status === 'done';
      const changed = this.write
        .prepare(
          `UPDATE inference_runs SET status = ?, ended_at = ?, input_voxels_sha256 = ?, input = ?, warnings = ?, biomarkers = ?, error = ?, peak_rss_mb = ?
           WHERE run_id = ? AND status = 'running'`,
        )
        .run(end.status, end.endedAt, end.inputVoxelsSha256, end.input ? JSON.stringify(end.input) : null, JSON.stringify(end.warnings),
          keepResults && end.biomarkers ? JSON.stringify(end.biomarkers) : null, end.error, end.peakRssMb, runId).changes > 0;
      if (!changed) return false;
      const insert = this.write.prepare(
        `INSERT INTO inference_findings (run_id, position, kind, label, label_value, measurements, review_state) VALUES (?, ?, ?, ?, ?, ?, 'proposed')`,
      );
      if (keepResults) end.findings.forEach((f, k) => insert.run(runId, k + 1, f.kind, f.label, f.labelValue, JSON.stringify(f.measurements)));
      const run = this.get(runId);
      this.auditChain.append({
        at: end.endedAt,
        actor,
        action: 'inference.run',
        detail: { runId, model: run?.model, SeriesInstanceUIDs: run?.SeriesInstanceUIDs, status: end.status, outsideIntendedUse: run?.outsideIntendedUse, inputVoxelsSha256: end.inputVoxelsSha256 },
      });
      return true;
    }).immediate();
  }

  get(runId: string): InferenceRun | null {
    const row = this.read.prepare('SELECT * FROM inference_runs WHERE run_id = ?').get(runId) as RunRow | undefined;
    return row ? this.runOf(row) : null;
  }

  /** Every run, oldest first. */
  list(): InferenceRun[] {
    return (this.read.prepare('SELECT * FROM inference_runs ORDER BY started_at, run_id').all() as RunRow[]).map((r) => this.runOf(r));
  }

  findings(runId: string): InferenceFinding[] {
    const rows = this.read.prepare('SELECT * FROM inference_findings WHERE run_id = ? ORDER BY position').all(runId) as FindingRow[];
    return rows.map((r) => ({ position: r.position, kind: r.kind, label: r.label, labelValue: r.label_value, measurements: JSON.parse(r.measurements) as BiomarkerValue[], review: r.review_state }));
  }

  /** The run's findings with their ids and who decided on each when (inference.list). */
  reviewedFindings(runId: string): ReviewedFinding[] {
    const rows = this.read.prepare('SELECT * FROM inference_findings WHERE run_id = ? ORDER BY position').all(runId) as FindingRow[];
    const notes = this.reviewNotes(runId);
    return rows.map((r) => ({
      findingId: `${runId}:${r.position}`, runId, position: r.position, kind: r.kind, label: r.label, labelValue: r.label_value,
      measurements: JSON.parse(r.measurements) as BiomarkerValue[], review: r.review_state, reviewedBy: r.reviewed_by, reviewedAt: r.reviewed_at,
      reviewNote: r.review_state === 'proposed' ? null : (r.review_note ?? notes.get(r.position) ?? null),
    }));
  }

  /** A clinician's decision on a finding, with its audit event 'inference.review', at once; a later decision
   *  replaces the state (each one stays in the audit chain). Null when the finding does not exist. */
  review(runId: string, position: number, decision: 'accepted' | 'rejected', actor: string, at: string, note: string | null): ReviewedFinding | null {
    const found = this.write.transaction(() => {
      const before = this.write.prepare('SELECT review_state FROM inference_findings WHERE run_id = ? AND position = ?').pluck().get(runId, position) as string | undefined;
      if (before === undefined) return false;
      this.write.prepare('UPDATE inference_findings SET review_state = ?, reviewed_by = ?, reviewed_at = ?, review_note = ? WHERE run_id = ? AND position = ?').run(decision, actor, at, note, runId, position);
      this.auditChain.append({ at, actor, action: 'inference.review', detail: { runId, position, decision, previous: before, note } });
      return true;
    }).immediate();
    return found ? (this.reviewedFindings(runId).find((f) => f.position === position) ?? null) : null;
  }

  /** The note of each finding's latest decision, from the audit chain: for decisions made before case migration 0011 gave it a column. */
  private reviewNotes(runId: string): Map<number, string | null> {
    const rows = this.read.prepare("SELECT detail FROM case_audit WHERE action = 'inference.review' ORDER BY seq").pluck().all() as string[];
    const notes = new Map<number, string | null>();
    for (const text of rows) {
      const detail = JSON.parse(text) as { runId?: string; position?: number; note?: string | null };
      if (detail.runId === runId && typeof detail.position === 'number') notes.set(detail.position, detail.note ?? null);
    }
    return notes;
  }

  private runOf(r: RunRow): InferenceRun {
    return {
      runId: r.run_id,
      caseId: this.caseId,
      model: { id: r.model_id, version: r.model_version, sha256: r.model_sha256 },
      SeriesInstanceUIDs: JSON.parse(r.series_instance_uids) as string[],
      inputVoxelsSha256: r.input_voxels_sha256,
      input: parse<InferenceRun['input']>(r.input),
      runtime: { name: r.runtime_name, version: r.runtime_version },
      parameters: JSON.parse(r.parameters) as Record<string, unknown>,
      warnings: JSON.parse(r.warnings) as string[],
      outsideIntendedUse: r.outside_intended_use === 1,
      biomarkers: parse<BiomarkerValue[]>(r.biomarkers),
      status: r.status,
      error: r.error,
      startedAt: r.started_at,
      endedAt: r.ended_at,
      startedBy: r.started_by,
      peakRssMb: r.peak_rss_mb,
    };
  }
}
