// Runs one VCF import in the job's worker thread.
import type { VcfImportResult } from '../../../../preload/api.ts';
import { importVcf, type VcfImportJobInput } from '../../../services/genomics/importVcf.ts';
import type { JobRun } from '../../kind.ts';

export const run: JobRun<VcfImportJobInput, VcfImportResult> = (ctx, input) => importVcf(ctx, input);
