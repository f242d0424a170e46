// The measurement reports (DICOM SR, TID 1500) an import attached to a case, with the measurements kept
// from them, for the API and the CLI alike.
import type { ImportedReport } from '../../preload/api.ts';
import type { Core } from '../core.ts';
import { openKnownCase } from './reading.ts';

/** The measurement reports imported into a case, oldest first. */
export function listMeasurementReports(core: Core, caseId: string): ImportedReport[] {
  return openKnownCase(core, caseId).reports.list();
}
