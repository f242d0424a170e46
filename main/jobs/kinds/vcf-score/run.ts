// Scores a case's variants in the job's child process.
import type { VcfScoreResult } from '../../../../preload/api.ts';
import { scoreCase, type VcfScoreInput } from '../../../services/genomics/scoreCase.ts';
import type { JobRun } from '../../kind.ts';

export const run: JobRun<VcfScoreInput, VcfScoreResult> = (ctx, input) => scoreCase(ctx, input);
