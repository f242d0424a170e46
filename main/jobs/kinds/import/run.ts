// Runs one import in the job's worker thread.
import type { ImportReport } from '../../../../preload/api.ts';
import { importDicom } from '../../../services/import/importDicom.ts';
import { stagingAccess } from '../../../dicom/staging.ts';
import type { JobRun } from '../../kind.ts';
import type { ImportJobInput } from './definition.ts';

export const run: JobRun<ImportJobInput, ImportReport> = (ctx, input) =>
  importDicom(ctx.library, input.paths, {
    signal: ctx.signal,
    actor: ctx.actor,
    onProgress: ctx.progress,
    // Same process as the app: uploads it staged are readable with the same staging key and folder.
    staging: stagingAccess(ctx.dataDir, ctx.masterKey),
  });
