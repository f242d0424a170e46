// The inference-masks repository of a case file (case migration 0010): which run has a stored label
// volume, where (relative to the data directory), on which grid and with which labels. Written once per
// run, after its file is in place; a run without a row has no mask (failed, cancelled, or older runs).
import type { MaskGeometry, MaskLabel, RunMask } from '../../../preload/api.ts';
import { Repository, type DatabaseHandles } from '../../storage/database.ts';

export interface MaskRecord {
  runId: string;
  SeriesInstanceUID: string;
  storePath: string;
  geometry: MaskGeometry;
  labels: MaskLabel[];
  sha256: string;
  voxelCounts: Record<string, number>;
}

interface MaskRow {
  run_id: string;
  series_instance_uid: string;
  store_path: string;
  geometry: string;
  labels: string;
  sha256: string;
  voxel_counts: string;
  model_id: string;
  model_version: string;
}

export class InferenceMasksRepository extends Repository {
  private readonly caseId: string;

  constructor(caseId: string, handles: DatabaseHandles) {
    super(handles);
    this.caseId = caseId;
  }

  add(mask: MaskRecord): void {
    this.write
      .prepare('INSERT INTO inference_masks (run_id, series_instance_uid, store_path, geometry, labels, sha256, voxel_counts) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(mask.runId, mask.SeriesInstanceUID, mask.storePath, JSON.stringify(mask.geometry), JSON.stringify(mask.labels), mask.sha256, JSON.stringify(mask.voxelCounts));
  }

  /** The mask of a completed ('done') run, or null. */
  get(runId: string): (RunMask & { storePath: string }) | null {
    const row = this.read.prepare(`${SELECT} WHERE m.run_id = ? AND r.status = 'done'`).get(runId) as MaskRow | undefined;
    return row ? this.maskOf(row) : null;
  }

  /** Masks of completed runs on a series (every series when omitted), oldest run first. */
  list(SeriesInstanceUID?: string): Array<RunMask & { storePath: string }> {
    const rows = (SeriesInstanceUID === undefined
      ? this.read.prepare(`${SELECT} WHERE r.status = 'done' ORDER BY r.started_at, r.run_id`).all()
      : this.read.prepare(`${SELECT} WHERE m.series_instance_uid = ? AND r.status = 'done' ORDER BY r.started_at, r.run_id`).all(SeriesInstanceUID)) as MaskRow[];
    return rows.map((r) => this.maskOf(r));
  }

  private maskOf(r: MaskRow): RunMask & { storePath: string } {
    return {
      runId: r.run_id, caseId: this.caseId, SeriesInstanceUID: r.series_instance_uid, model: { id: r.model_id, version: r.model_version },
      labels: JSON.parse(r.labels) as MaskLabel[], geometry: JSON.parse(r.geometry) as MaskGeometry, sha256: r.sha256,
      voxelCounts: JSON.parse(r.voxel_counts) as Record<string, number>, storePath: r.store_path,
    };
  }
}

const SELECT = 'SELECT m.*, r.model_id, r.model_version FROM inference_masks m JOIN inference_runs r ON r.run_id = m.run_id';
