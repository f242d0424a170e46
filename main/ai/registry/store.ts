// The imported models of a data directory: <dataDir>/models/<id>@<version>/, one folder per model, a
// copy of the folder it was imported from. Models are not patient data, so they are stored in clear
// (like the app itself); their integrity comes from the sha256 recorded in the library at import,
// which every load checks (verifyStoredModel), not from the manifest that travels with the files.
import { randomUUID } from 'node:crypto';
import { copyFileSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { ModelRecord } from '../../../preload/api.ts';
import { AppError } from '../../errors.ts';
import { checkManifestHash, MANIFEST, MODEL_CARD, MODEL_FILE, readModelFile, readModelFolder, sha256Of, type ModelFolder } from './modelFolder.ts';
import { parseManifest, type ModelManifest } from './manifest.ts';

export const modelsDir = (dataDir: string): string => join(dataDir, 'models');
export const storedFolder = (dataDir: string, id: string, version: string): string => join(modelsDir(dataDir), `${id}@${version}`);

/** A model whose files were just checked against the library's record: safe to load. */
export interface VerifiedModel {
  record: ModelRecord;
  manifest: ModelManifest;
  folder: string;
  /** The verified bytes of model.onnx. */
  modelBytes: Buffer;
}

/** Reads a folder to import: schema, files, external data inside it, and model.onnx equal to the manifest's sha256. */
export function checkImportable(source: string): ModelFolder {
  const model = readModelFolder(source);
  checkManifestHash(model);
  return model;
}

/** Copies a checked folder's files (only those of the model) next to the store, under a temporary name. */
export function stageCopy(dataDir: string, model: ModelFolder): string {
  const staging = join(modelsDir(dataDir), `.incoming-${randomUUID()}`);
  for (const name of [MANIFEST, MODEL_FILE, MODEL_CARD, ...model.externalFiles.map((f) => f.path)]) {
    mkdirSync(dirname(join(staging, name)), { recursive: true });
    copyFileSync(join(model.folder, name), join(staging, name));
  }
  // The copy is what will be loaded: it must hash as the files checked did (a file changed while copying).
  const copied = readModelFolder(staging);
  if (copied.sha256 !== model.sha256 || copied.manifestSha256 !== model.manifestSha256) {
    rmSync(staging, { recursive: true, force: true });
    throw new AppError('model-hash-mismatch', `${MODEL_FILE} or ${MANIFEST} of ${model.manifest.id} changed while it was being copied; import it again.`);
  }
  return staging;
}

/** Moves a staged copy into place, replacing an earlier copy of the same id and version. */
export function installStaged(dataDir: string, staging: string, id: string, version: string): string {
  const target = storedFolder(dataDir, id, version);
  rmSync(target, { recursive: true, force: true });
  renameSync(staging, target);
  return target;
}

export function discardStaged(staging: string): void {
  rmSync(staging, { recursive: true, force: true });
}

/** Folders directly under `dir` (sorted), e.g. the models/ folder of the repository. */
export function modelFoldersIn(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).filter((e) => e.isDirectory() && !e.name.startsWith('.')).map((e) => join(dir, e.name)).sort();
}

function mismatch(record: ModelRecord, file: string, found: string, recorded: string): AppError {
  return new AppError('model-hash-mismatch', `${file} of model ${record.id} ${record.version} has sha256 ${found}, but the library recorded ${recorded} when ${record.importedBy} imported it (${record.importedAt}): the file was changed after import. Refused; import the model again from a trusted copy.`);
}

/** Checks an imported model's files against the library's record; every load goes through here. */
export function verifyStoredModel(dataDir: string, record: ModelRecord): VerifiedModel {
  const folder = storedFolder(dataDir, record.id, record.version);
  const manifestBytes = readModelFile(folder, MANIFEST);
  const manifestSha = sha256Of(manifestBytes);
  if (manifestSha !== record.manifestSha256) throw mismatch(record, MANIFEST, manifestSha, record.manifestSha256);
  const modelBytes = readModelFile(folder, MODEL_FILE);
  const sha = sha256Of(modelBytes);
  if (sha !== record.sha256) throw mismatch(record, MODEL_FILE, sha, record.sha256);
  for (const file of record.externalFiles) {
    const found = sha256Of(readModelFile(folder, file.path));
    if (found !== file.sha256) throw mismatch(record, file.path, found, file.sha256);
  }
  return { record, manifest: parseManifest(manifestBytes.toString('utf8')), folder, modelBytes };
}
