// The import job kind: DICOM files, folders and DICOMDIRs into the library (main/services/import/importDicom.ts).
import { z } from 'zod';
import type { ImportReport } from '../../../../preload/api.ts';
import { runnerUrl, type JobKind } from '../../kind.ts';

export interface ImportJobInput {
  paths: string[];
}

export const importJob: JobKind<ImportJobInput, ImportReport> = {
  name: 'import',
  // dicom-parser and the copies are plain JavaScript: a thread is enough.
  host: 'thread',
  // One import at a time per process: two would compete for the same disk and the same new patients.
  concurrency: 1,
  input: z.object({ paths: z.array(z.string().min(1)).min(1) }).strict(),
  result: z.custom<ImportReport>((value) => typeof value === 'object' && value !== null && 'imported' in value),
  runner: runnerUrl('import', new URL('./run.ts', import.meta.url)),
  changedCases: (report) => report.caseIds,
};
