// Key images of a case (issue 13, item 7): marked and unmarked for the viewer (API), listed, and exported
// as DICOM Key Object Selection documents for the API and `precis export kos` alike. A mark checks that the
// image belongs to the case (never another patient's image in this case); marks are audited in the case.
//
// Export: one document per study that has key images (a KOS belongs to one study, whose patient and study
// attributes it copies). The first document, the newest study's, is written to the file asked for; each
// further study's to the same name with -2, -3 ... before the extension. No existing file is overwritten:
// every target is checked before the first is written, and each is written under a temporary name and
// linked into place (a link fails instead of replacing).
import { access, link, mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname, extname } from 'node:path';
import type { KeyImage, KeyObjectDocument } from '../../preload/api.ts';
import type { Core } from '../core.ts';
import { openStored, readStored } from '../dicom/store.ts';
import { AppError } from '../errors.ts';
import type { CaseFile } from '../library/caseFile.ts';
import { encodeKeyObjectSelection, sourceStudyOf, type KeyObjectImage, type SourceStudy } from '../reading/kos/index.ts';
import { openKnownCase } from './reading.ts';

export interface KeyImagesExport {
  caseId: string;
  /** The first document (the newest study's). */
  file: string;
  SOPInstanceUID: string;
  /** Key images referenced, in all documents. */
  images: number;
  documents: KeyObjectDocument[];
}

/** Most headers end well before this; a longer one (or a deflated file that stops early) reads the whole file. */
const HEADER_READ = 1024 * 1024;

export function listKeyImages(core: Core, caseId: string): KeyImage[] {
  return openKnownCase(core, caseId).keyImages.list();
}

/** Marks or unmarks one frame of an image of the case; `{ key }` is its state afterwards. */
export function setKeyImage(core: Core, caseId: string, sopInstanceUID: string, frame: number, key: boolean): { key: boolean } {
  const caseFile = openKnownCase(core, caseId);
  const instance = caseFile.imaging.instance(sopInstanceUID);
  if (!instance) throw new AppError('not-found', 'This image is not in this patient\'s case.');
  if (frame > Math.max(1, instance.NumberOfFrames)) {
    throw new AppError('invalid-argument', `This image has ${instance.NumberOfFrames} frame(s); frame ${frame} cannot be a key image.`);
  }
  if (!key) {
    caseFile.keyImages.unmark(sopInstanceUID, frame, core.actor);
    return { key: false };
  }
  const study = caseFile.imaging.studyOf(sopInstanceUID);
  if (!study) throw new AppError('not-found', 'This image is not in this patient\'s case.');
  caseFile.keyImages.mark({ SOPInstanceUID: sopInstanceUID, frame, SeriesInstanceUID: instance.SeriesInstanceUID, StudyInstanceUID: study }, core.actor);
  return { key: true };
}

/** `file` for the first document, `file` with -n before its extension for the n-th. */
export function documentTarget(file: string, n: number): string {
  if (n === 1) return file;
  const extension = extname(file);
  return `${file.slice(0, file.length - extension.length)}-${n}${extension}`;
}

/** The patient and study attributes of a study, read from one of its stored images. */
async function sourceStudy(core: Core, caseFile: CaseFile, sopInstanceUID: string): Promise<SourceStudy> {
  const storePath = caseFile.imaging.storePath(sopInstanceUID);
  if (!storePath) throw new AppError('not-found', 'A key image is missing from the store; nothing was written.');
  const { size, stream } = await openStored(core.dataDir, caseFile.storeKey, storePath);
  const parts: Buffer[] = [];
  let length = 0;
  for await (const part of stream) {
    parts.push(part as Buffer);
    length += (part as Buffer).length;
    if (length >= HEADER_READ) break;
  }
  stream.destroy();
  try {
    return sourceStudyOf(Buffer.concat(parts));
  } catch (error) {
    if (length >= size) throw error;
    return sourceStudyOf(await readStored(core.dataDir, caseFile.storeKey, storePath));
  }
}

/** The key images of each study, in list order (newest study first). */
function byStudy(keys: KeyImage[]): KeyImage[][] {
  const groups = new Map<string, KeyImage[]>();
  for (const key of keys) groups.set(key.StudyInstanceUID, [...(groups.get(key.StudyInstanceUID) ?? []), key]);
  return [...groups.values()];
}

function referenceOf(caseFile: CaseFile, key: KeyImage): KeyObjectImage {
  const instance = caseFile.imaging.instance(key.SOPInstanceUID);
  if (!instance) throw new AppError('not-found', 'A key image is not in the case any more; nothing was written.');
  // The frame is named only for an image of several frames (PS3.3 C.18.4: otherwise the whole image is meant).
  return { SOPClassUID: instance.SOPClassUID, SOPInstanceUID: key.SOPInstanceUID, SeriesInstanceUID: key.SeriesInstanceUID, frame: instance.NumberOfFrames > 1 ? key.frame : null };
}

async function writeNew(target: string, bytes: Uint8Array): Promise<void> {
  const partial = `${target}.partial-${process.pid}`;
  try {
    await writeFile(partial, bytes, { flag: 'wx', mode: 0o600 });
    await link(partial, target).catch((error: unknown) => {
      if ((error as { code?: string }).code === 'EEXIST') throw new AppError('file-exists', `${target} already exists: choose another file name.`);
      throw error;
    });
  } finally {
    await rm(partial, { force: true });
  }
}

export async function exportKeyImages(core: Core, caseId: string, file: string): Promise<KeyImagesExport> {
  const caseFile = openKnownCase(core, caseId);
  const studies = byStudy(caseFile.keyImages.list());
  if (studies.length === 0) throw new AppError('not-found', 'This patient has no key images: mark images with K in the viewer first. Nothing was written.');
  const targets = studies.map((_, i) => documentTarget(file, i + 1));
  for (const target of targets) {
    if (await access(target).then(() => true, () => false)) throw new AppError('file-exists', `${target} already exists: export to a new file name; nothing was written.`);
  }
  // Every document is made before the first is written: a study that cannot be read leaves no file behind.
  const encoded: Array<{ bytes: Uint8Array; document: KeyObjectDocument }> = [];
  for (const [i, keys] of studies.entries()) {
    const first = keys[0] as KeyImage;
    const markers = [...new Set(keys.map((k) => k.markedBy))].join(', ');
    const { bytes, SOPInstanceUID } = await encodeKeyObjectSelection({
      source: await sourceStudy(core, caseFile, first.SOPInstanceUID),
      images: keys.map((key) => referenceOf(caseFile, key)),
      description: `Key images marked in Precis by ${markers}`,
      at: new Date(),
    });
    encoded.push({ bytes, document: { file: targets[i] as string, StudyInstanceUID: first.StudyInstanceUID, SOPInstanceUID, images: keys.length } });
  }
  await mkdir(dirname(file), { recursive: true, mode: 0o700 });
  for (const { bytes, document } of encoded) await writeNew(document.file, bytes);
  const documents = encoded.map((e) => e.document);
  const images = documents.reduce((sum, d) => sum + d.images, 0);
  caseFile.audit('case.export-kos', core.actor, { documents: documents.map((d) => d.SOPInstanceUID), images });
  core.library.audit({ actor: core.actor, action: 'case.export-kos', caseId, detail: { files: documents.map((d) => d.file), images } });
  const head = documents[0] as KeyObjectDocument;
  return { caseId, file: head.file, SOPInstanceUID: head.SOPInstanceUID, images, documents };
}
