// A model folder chosen in the app (issue 14, item 1 in the UI): the browser has no path to give, so its
// files arrive as an upload batch like picked DICOM files (staged encrypted, dicom/.staging/), are written
// back as a plain folder in a private temporary directory (a model is no patient data), and imported from
// there exactly as `precis models import DIR` does: the same manifest schema, hash and external-data checks,
// the same library record and audit. The batch and the temporary folder are removed whatever happens.
import { createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { MANIFEST } from '../ai/index.ts';
import type { Core } from '../core.ts';
import { sourceReader } from '../dicom/source.ts';
import { batchFolder } from '../dicom/staging.ts';
import { AppError } from '../errors.ts';
import { importModel, type ModelImport } from './models.ts';

async function filesUnder(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { withFileTypes: true, recursive: true });
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
}

/** The uploaded folder holding manifest.json nearest the top (the folder the user picked, or one inside it). */
function modelFolderOf(root: string, files: readonly string[]): string {
  const manifests = files.filter((f) => f.endsWith(`/${MANIFEST}`)).sort((a, b) => a.split('/').length - b.split('/').length);
  const first = manifests[0];
  if (!first) throw new AppError('model-manifest-invalid', `The chosen folder has no ${MANIFEST}: choose the model's own folder (model.onnx, ${MANIFEST}, MODEL_CARD.md).`);
  return dirname(join(root, first));
}

export async function importUploadedModel(core: Core, batchId: string): Promise<ModelImport> {
  const batch = batchFolder(core.staging, batchId);
  const plain = await mkdtemp(join(tmpdir(), 'precis-model-'));
  try {
    const staged = await filesUnder(batch).catch(() => [] as string[]);
    if (staged.length === 0) throw new AppError('not-found', 'Nothing was uploaded for this model (or it was already imported): choose the folder again.');
    const reader = sourceReader(core.staging);
    const written: string[] = [];
    for (const path of staged) {
      const name = relative(batch, path);
      const target = join(plain, name);
      await mkdir(dirname(target), { recursive: true, mode: 0o700 });
      await pipeline(Readable.from(reader.stream(path)), createWriteStream(target, { mode: 0o600 }));
      written.push(name);
    }
    return importModel(core.library, modelFolderOf(plain, written.map((n) => `/${n}`)), core.actor);
  } finally {
    await rm(plain, { recursive: true, force: true });
    await rm(batch, { recursive: true, force: true });
  }
}
