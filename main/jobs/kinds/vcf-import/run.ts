// Runs one VCF import in the job's worker thread; an uploaded file is read from its encrypted staging
// copy, decrypted as it is read (same process as the app: same staging key and folder).
import type { VcfImportResult } from '../../../../preload/api.ts';
import { sourceReader } from '../../../dicom/source.ts';
import { stagingAccess } from '../../../dicom/staging.ts';
import { importVcf, type VcfImportJobInput } from '../../../services/genomics/importVcf.ts';
import type { JobRun } from '../../kind.ts';

export const run: JobRun<VcfImportJobInput, VcfImportResult> = (ctx, input) => {
  const files = sourceReader(stagingAccess(ctx.dataDir, ctx.masterKey));
  return importVcf(ctx, input, () => files.stream(input.path));
};
