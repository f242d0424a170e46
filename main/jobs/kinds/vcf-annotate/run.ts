// Annotates a case's variants in the job's worker thread.
import type { VcfAnnotateResult } from '../../../../preload/api.ts';
import { annotateCase, type VcfAnnotateInput } from '../../../services/knowledge/annotateCase.ts';
import type { JobRun } from '../../kind.ts';

export const run: JobRun<VcfAnnotateInput, VcfAnnotateResult> = (ctx, input) => annotateCase(ctx, input);
