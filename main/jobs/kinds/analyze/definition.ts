// The analyze job kind: one model run on one stored series (main/services/analyze/runAnalysis.ts).
import { z } from 'zod';
import type { AnalyzeResult } from '../../../../preload/api.ts';
import type { AnalyzeJobInput } from '../../../services/analyze/runAnalysis.ts';
import { runnerUrl, type JobKind } from '../../kind.ts';

export const analyzeJob: JobKind<AnalyzeJobInput, AnalyzeResult> = {
  name: 'analyze',
  // onnxruntime-node is native code: an abort in it must end a child process, never the app.
  host: 'process',
  // One run at a time: a run holds a CT volume (~150 MB for 512x512x275) and the CPU cores it is given.
  concurrency: 1,
  input: z.object({
    caseId: z.string().min(1),
    SeriesInstanceUID: z.string().min(1).max(64),
    modelId: z.string().min(1),
    force: z.boolean(),
    runId: z.string().uuid().optional(),
    threads: z.number().int().min(1).max(64).optional(),
  }).strict(),
  result: z.custom<AnalyzeResult>((value) => typeof value === 'object' && value !== null && 'runId' in value && 'provenance' in value),
  runner: runnerUrl('analyze', new URL('./run.ts', import.meta.url)),
  changedCases: (result) => [result.caseId],
};
