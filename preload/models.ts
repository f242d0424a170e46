// The contract's types for the ONNX model registry (issue 14): a model imported into the library, and a
// row of the model list (`precis models --json`). Types only (re-exported by api.ts).

export type ModelTask = 'segmentation-2d' | 'segmentation-3d' | 'classification' | 'variant-scoring';

/** What the library records when a model is imported (the hashes every load is verified against). */
export interface ModelRecord {
  id: string;
  version: string;
  task: ModelTask;
  /** sha256 of model.onnx at import (lower-case hex). */
  sha256: string;
  /** sha256 of manifest.json at import: its intended use and preprocessing are part of the model. */
  manifestSha256: string;
  /** External-data files of model.onnx (relative to its folder) and their sha256 at import. */
  externalFiles: Array<{ path: string; sha256: string }>;
  importedBy: string;
  /** ISO 8601, UTC. */
  importedAt: string;
}

/** One row of the model list: a bad model is listed with its error, never dropped. */
export interface ModelListEntry {
  /** The manifest's id, or the folder's name when the manifest cannot be read. */
  id: string;
  version: string | null;
  task: ModelTask | null;
  /** 'imported': the copy in the data directory; 'folder': a folder found under --models-dir. */
  source: 'imported' | 'folder';
  path: string;
  /** sha256 of model.onnx as found now; null when it cannot be read. */
  sha256: string | null;
  /** What the manifest says; null when it cannot be read. */
  manifestSha256: string | null;
  /** What the library recorded at import; null for a folder not imported. */
  recordedSha256: string | null;
  status: 'ok' | 'error';
  /** Why the model cannot be used, in words, with its stable code; null when ok. */
  error: { code: string; message: string } | null;
}

/** A model as the AI tab lists it: the `precis models --json` row, and what the model is for. */
export interface ModelSummary extends ModelListEntry {
  /** The manifest's name; null when it cannot be read. */
  name: string | null;
  /** The manifest's intended use in words ('CT; CHEST or LUNG; slices 0.5-2.5 mm; without contrast'). */
  intendedUse: string | null;
  /** The first lines of MODEL_CARD.md (its title and opening paragraph), as written. */
  cardExcerpt: string | null;
}

export interface ModelsApi {
  /** The models imported into this data directory, each verified against its recorded hash. */
  list(args: Record<string, never>): Promise<ModelSummary[]>;
  /** Imports a model folder on this machine (web host: only under --import-root); audited. */
  import(args: { path: string }): Promise<ModelRecord & { again: boolean }>;
  /** Imports a model folder chosen in the app, uploaded first into `batchId` (its files under the folder's name), with the same checks; audited. */
  importStaged(args: { batchId: string }): Promise<ModelRecord & { again: boolean }>;
}
