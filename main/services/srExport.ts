// A case's annotations and accepted AI findings exported as one DICOM SR (TID 1500) file, for the API and the CLI alike: never
// over an existing file (linked into place), audited in the case and the library.
import type { SrExport } from '../../preload/api.ts';
import type { Core } from '../core.ts';
import { caseReport } from '../reading/sr/index.ts';
import { openKnownCase } from './reading.ts';
import { writeNewFile } from './writeNewFile.ts';

export async function exportMeasurementReport(core: Core, caseId: string, file: string, studyInstanceUID?: string): Promise<SrExport> {
  const caseFile = openKnownCase(core, caseId);
  const report = await caseReport(caseFile, core.dataDir, { StudyInstanceUID: studyInstanceUID, observer: core.actor });
  await writeNewFile(file, report.bytes);
  const detail = { SOPInstanceUID: report.SOPInstanceUID, StudyInstanceUID: report.StudyInstanceUID, measurements: report.measurements, aiFindings: report.aiFindings };
  caseFile.audit('case.export-sr', core.actor, detail);
  core.library.audit({ actor: core.actor, action: 'case.export-sr', caseId, detail: { ...detail, file } });
  return { caseId, file, measurements: report.measurements, aiFindings: report.aiFindings, SOPInstanceUID: report.SOPInstanceUID, bytes: report.bytes.length };
}
