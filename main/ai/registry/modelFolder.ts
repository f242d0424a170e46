// One model folder on disk (models/<id>/ as shipped, or <dataDir>/models/<id>@<version>/ once imported):
// manifest.json, model.onnx, MODEL_CARD.md, and the external-data files model.onnx names, if any.
// Reading it checks what can be checked without the library: the manifest's schema, the files'
// presence (regular files, not links), external data staying inside the folder, and the hashes.
import { createHash } from 'node:crypto';
import { lstatSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AppError } from '../../errors.ts';
import { parseManifest, type ModelManifest } from './manifest.ts';
import { externalDataFiles } from './onnxExternalData.ts';

export const MANIFEST = 'manifest.json';
export const MODEL_FILE = 'model.onnx';
export const MODEL_CARD = 'MODEL_CARD.md';

export interface FileHash { path: string; sha256: string }

export interface ModelFolder {
  folder: string;
  manifest: ModelManifest;
  manifestSha256: string;
  /** The bytes of model.onnx that were hashed (load sessions from these, not from a second read). */
  modelBytes: Buffer;
  /** sha256 of model.onnx as found on disk. */
  sha256: string;
  /** External-data files, relative to the folder, with their sha256. */
  externalFiles: FileHash[];
}

export const sha256Of = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

/** The bytes of a regular file of the folder; a missing file or a link is 'model-incomplete'. */
export function readModelFile(folder: string, name: string): Buffer {
  const path = join(folder, name);
  let isFile = false;
  try {
    isFile = lstatSync(path).isFile();
  } catch {
    throw new AppError('model-incomplete', `${name} is missing from the model folder ${folder}.`);
  }
  if (!isFile) throw new AppError('model-incomplete', `${name} in ${folder} is not a regular file (links and folders are refused).`);
  return readFileSync(path);
}

/** Reads and checks a model folder (schema, files, external data) and hashes its files. */
export function readModelFolder(folder: string): ModelFolder {
  const manifestBytes = readModelFile(folder, MANIFEST);
  const manifest = parseManifest(manifestBytes.toString('utf8'), MANIFEST);
  const modelBytes = readModelFile(folder, MODEL_FILE);
  if (readModelFile(folder, MODEL_CARD).toString('utf8').trim() === '') {
    throw new AppError('model-incomplete', `${MODEL_CARD} in ${folder} is empty: a model needs its card (what it is for, what it was built from, its limits).`);
  }
  const externalFiles = externalDataFiles(modelBytes).map((path) => ({ path, sha256: sha256Of(readModelFile(folder, path)) }));
  return { folder, manifest, manifestSha256: sha256Of(manifestBytes), modelBytes, sha256: sha256Of(modelBytes), externalFiles };
}

/** Refuses a folder whose model.onnx is not the file its manifest names. */
export function checkManifestHash(model: ModelFolder): void {
  if (model.sha256 !== model.manifest.sha256) {
    throw new AppError('model-hash-mismatch', `${MODEL_FILE} of ${model.manifest.id} ${model.manifest.version} has sha256 ${model.sha256}, but ${MANIFEST} says ${model.manifest.sha256}: the file is not the one the manifest describes.`);
  }
}
