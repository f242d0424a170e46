// Runs one model run in the job's child process.
import type { AnalyzeResult } from '../../../../preload/api.ts';
import { runAnalysis, type AnalyzeJobInput } from '../../../services/analyze/runAnalysis.ts';
import type { JobRun } from '../../kind.ts';

export const run: JobRun<AnalyzeJobInput, AnalyzeResult> = (ctx, input) => runAnalysis(ctx, input);
