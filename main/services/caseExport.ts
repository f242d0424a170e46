// `precis export case` and case.exportCase: one patient's whole case (its case file with the case's
// own audit chain, and every stored DICOM file) in one file under an export passphrase. The case file
// and the store files travel as they are stored (still encrypted under the case key) and the case key
// travels in the manifest, inside the passphrase-encrypted container: nothing is decrypted to disk.
import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { rm, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { Core } from '../core.ts';
import { AppError } from '../errors.ts';
import { CaseFile } from '../library/caseFile.ts';
import type { PatientRow } from '../library/repositories/patientIndex.ts';
import { assertStrongPassphrase } from '../security/passphrasePolicy.ts';
import { writeContainer, type EntrySource } from './exportContainer.ts';

export const EXPORT_FORMAT = 'precis-case-export';
/** 2: the export carries mask files (maskFiles); an export without any is still written as 1, which every version reads. */
export const EXPORT_VERSION = 2;

/** The first entry of an export file. */
export interface ExportManifest {
  format: typeof EXPORT_FORMAT;
  version: number;
  exportedAt: string;
  patient: PatientRow;
  /** The case file's raw key, hex (the store key is derived from it). */
  caseKey: string;
  /** Names of the store files (under dicom/<caseId>/), in the order their entries follow. */
  storeFiles: string[];
  /** Names of the runs' label volumes (under masks/<caseId>/, still sealed), after the store files; absent in older exports. */
  maskFiles?: string[];
  instances: number;
}

export interface CaseExportResult {
  caseId: string;
  file: string;
  instances: number;
  /** Size of the export file, bytes. */
  bytes: number;
}

/** A consistent copy of the case file (VACUUM INTO keeps the cipher and key), under the data directory. */
function snapshotCaseFile(core: Core, caseId: string): string {
  const copy = join(core.dataDir, 'cases', `.export-${process.pid}-${randomBytes(6).toString('hex')}.sqlite`);
  core.library.openCase(caseId).copyInto(copy);
  return copy;
}

function storeNames(copy: string, caseKey: Buffer): string[] {
  const snapshot = CaseFile.open('export-snapshot', copy, caseKey);
  try {
    return [...snapshot.imaging.storedPaths()].sort().map((p) => basename(p));
  } finally {
    snapshot.close();
  }
}

function maskNames(copy: string, caseKey: Buffer): string[] {
  const snapshot = CaseFile.open('export-snapshot', copy, caseKey);
  try {
    return snapshot.inferenceMasks.list().map((m) => basename(m.storePath)).sort();
  } finally {
    snapshot.close();
  }
}

async function* entriesOf(manifest: ExportManifest, copy: string, storeDir: string, masksDir: string): AsyncGenerator<EntrySource> {
  const json = Buffer.from(JSON.stringify(manifest), 'utf8');
  yield { name: 'manifest.json', size: json.length, bytes: (async function* () { yield json; })() };
  yield { name: 'case.sqlite', size: (await stat(copy)).size, bytes: createReadStream(copy) };
  for (const name of manifest.storeFiles) {
    const path = join(storeDir, name);
    yield { name: `dicom/${name}`, size: (await stat(path)).size, bytes: createReadStream(path) };
  }
  for (const name of manifest.maskFiles ?? []) {
    const path = join(masksDir, name);
    yield { name: `masks/${name}`, size: (await stat(path)).size, bytes: createReadStream(path) };
  }
}

export async function exportCase(core: Core, caseId: string, outFile: string, passphrase: string): Promise<CaseExportResult> {
  assertStrongPassphrase(passphrase);
  const patient = core.library.index.row(caseId);
  if (!patient) throw new AppError('not-found', `No case ${caseId} in this library.`);
  const caseKey = core.library.caseKey(caseId);
  // Recorded before the copy is taken, so the exported case carries the record of its own export.
  core.library.openCase(caseId).audit('case.export', core.actor, {});
  const copy = snapshotCaseFile(core, caseId);
  let instances = 0;
  try {
    const storeFiles = storeNames(copy, caseKey);
    // An older Precis reading an export with masks says it needs updating, not that the file is damaged.
    const maskFiles = maskNames(copy, caseKey);
    const manifest: ExportManifest = {
      format: EXPORT_FORMAT, version: maskFiles.length > 0 ? EXPORT_VERSION : 1, exportedAt: new Date().toISOString(),
      patient, caseKey: caseKey.toString('hex'), storeFiles, maskFiles, instances: storeFiles.length,
    };
    instances = storeFiles.length;
    await writeContainer(outFile, passphrase, entriesOf(manifest, copy, join(core.dataDir, 'dicom', caseId), join(core.dataDir, 'masks', caseId)));
  } finally {
    await rm(copy, { force: true });
  }
  const bytes = (await stat(outFile)).size;
  core.library.audit({ actor: core.actor, action: 'case.export', caseId, detail: { file: outFile, bytes } });
  return { caseId, file: outFile, instances, bytes };
}
