// A case's annotations exported as one DICOM SR (TID 1500) file, for the API and the CLI alike: never
// over an existing file (linked into place), audited in the case and the library.
import { link, mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { SrExport } from '../../preload/api.ts';
import type { Core } from '../core.ts';
import { AppError } from '../errors.ts';
import { caseReport } from '../reading/sr/index.ts';
import { openKnownCase } from './reading.ts';

/** Writes `bytes` to `file` unless something is there already (linked into place: never replaces). */
async function writeNew(file: string, bytes: Buffer): Promise<void> {
  await mkdir(dirname(file), { recursive: true, mode: 0o700 });
  const partial = `${file}.partial-${process.pid}`;
  try {
    await writeFile(partial, bytes, { flag: 'wx', mode: 0o600 });
    await link(partial, file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') throw new AppError('file-exists', `${file} already exists: choose another file name; nothing was written.`);
    throw error;
  } finally {
    await rm(partial, { force: true });
  }
}

export async function exportMeasurementReport(core: Core, caseId: string, file: string, studyInstanceUID?: string): Promise<SrExport> {
  const caseFile = openKnownCase(core, caseId);
  const report = await caseReport(caseFile, core.dataDir, { StudyInstanceUID: studyInstanceUID, observer: core.actor });
  await writeNew(file, report.bytes);
  const detail = { SOPInstanceUID: report.SOPInstanceUID, StudyInstanceUID: report.StudyInstanceUID, measurements: report.measurements };
  caseFile.audit('case.export-sr', core.actor, detail);
  core.library.audit({ actor: core.actor, action: 'case.export-sr', caseId, detail: { ...detail, file } });
  return { caseId, file, measurements: report.measurements, SOPInstanceUID: report.SOPInstanceUID, bytes: report.bytes.length };
}
