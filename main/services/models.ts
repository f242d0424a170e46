// What a user can do with models (issue 14): import a model folder into the data directory (copied,
// hashes recorded in the library, audited), list every model with its state, and load one verified
// against the library's record. The API and the CLI both call these.
import { basename, resolve } from 'node:path';
import type { ModelListEntry, ModelRecord } from '../../preload/api.ts';
import { checkImportable, checkManifestHash, discardStaged, installStaged, modelFoldersIn, readModelFolder, stageCopy, storedFolder, verifyStoredModel, type VerifiedModel } from '../ai/index.ts';
import { AppError, errorMessage } from '../errors.ts';
import type { Library } from '../library/library.ts';

export interface ModelImport { record: ModelRecord; folder: string; again: boolean }

/** Imports the model folder `source`: refused (nothing copied or recorded) unless it is complete, its
 *  manifest valid, its external data inside it and model.onnx the file its manifest names. */
export function importModel(library: Library, source: string, actor: string, at = new Date().toISOString()): ModelImport {
  const model = checkImportable(resolve(source));
  const { id, version } = model.manifest;
  const staging = stageCopy(library.dataDir, model);
  try {
    return library.locked(() => {
      const existing = library.models.get(id, version, true);
      if (existing && (existing.sha256 !== model.sha256 || existing.manifestSha256 !== model.manifestSha256)) {
        throw new AppError('model-exists', `Model ${id} ${version} is already imported with other files (model.onnx sha256 ${existing.sha256}); a changed model needs a new version.`);
      }
      const record: ModelRecord = { id, version, task: model.manifest.task, sha256: model.sha256, manifestSha256: model.manifestSha256, externalFiles: model.externalFiles, importedBy: actor, importedAt: at };
      const folder = installStaged(library.dataDir, staging, id, version);
      library.models.record(record, existing !== null);
      return { record, folder, again: existing !== null };
    });
  } finally {
    discardStaged(staging);
  }
}

/** An imported model, checked against the library's record (the latest version when none is given). */
export function loadModel(library: Library, id: string, version?: string): VerifiedModel {
  const records = library.models.list().filter((r) => r.id === id && (version === undefined || r.version === version));
  const record = records.at(-1);
  if (!record) throw new AppError('not-found', `No model ${id}${version ? ` ${version}` : ''} is imported: "precis models" lists them, "precis models import DIR" adds one.`);
  return verifyStoredModel(library.dataDir, record);
}

const failure = (error: unknown): ModelListEntry['error'] => ({ code: error instanceof AppError ? error.code : 'internal', message: errorMessage(error) });

function importedEntry(library: Library, record: ModelRecord): ModelListEntry {
  const path = storedFolder(library.dataDir, record.id, record.version);
  const entry: ModelListEntry = { id: record.id, version: record.version, task: record.task, source: 'imported', path, sha256: null, manifestSha256: null, recordedSha256: record.sha256, status: 'ok', error: null };
  try {
    const verified = verifyStoredModel(library.dataDir, record);
    return { ...entry, sha256: record.sha256, manifestSha256: verified.manifest.sha256 };
  } catch (error) {
    // What the files hold now, as far as they can be read, beside why they cannot be used.
    try {
      const found = readModelFolder(path);
      Object.assign(entry, { sha256: found.sha256, manifestSha256: found.manifest.sha256 });
    } catch { /* the error below already says what is wrong */ }
    return { ...entry, status: 'error', error: failure(error) };
  }
}

function folderEntry(library: Library, folder: string): ModelListEntry {
  const entry: ModelListEntry = { id: basename(folder), version: null, task: null, source: 'folder', path: folder, sha256: null, manifestSha256: null, recordedSha256: null, status: 'ok', error: null };
  try {
    const found = readModelFolder(folder);
    const { id, version, task, sha256 } = found.manifest;
    Object.assign(entry, { id, version, task, sha256: found.sha256, manifestSha256: sha256, recordedSha256: library.models.get(id, version)?.sha256 ?? null });
    checkManifestHash(found);
    return entry;
  } catch (error) {
    return { ...entry, status: 'error', error: failure(error) };
  }
}

/** Every imported model, then every folder of `modelsDir` (when given), each checked; none dropped. */
export function listModels(library: Library, modelsDir?: string): ModelListEntry[] {
  const imported = library.models.list().map((r) => importedEntry(library, r));
  if (modelsDir === undefined) return imported;
  let folders: string[];
  try {
    folders = modelFoldersIn(resolve(modelsDir));
  } catch (error) {
    throw new AppError('not-found', `Cannot read the models folder ${modelsDir}: ${errorMessage(error)}`);
  }
  return [...imported, ...folders.map((f) => folderEntry(library, f))];
}
