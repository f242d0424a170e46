// The analyze-check job kind: a model's intended-use check of a stored series before a run
// (main/services/analyze/check.ts), off the host's main thread.
import { z } from 'zod';
import type { AnalyzeCheck } from '../../../../preload/api.ts';
import type { SeriesModel } from '../../../services/analyze/check.ts';
import { runnerUrl, type JobKind } from '../../kind.ts';

export const analyzeCheckJob: JobKind<SeriesModel, AnalyzeCheck> = {
  name: 'analyze-check',
  // Decoding 24 slices in TypeScript (or GDCM's WebAssembly): a worker thread is enough.
  host: 'thread',
  concurrency: 2,
  input: z.object({ caseId: z.string().min(1), SeriesInstanceUID: z.string().min(1).max(64), modelId: z.string().min(1) }).strict(),
  result: z.custom<AnalyzeCheck>((value) => typeof value === 'object' && value !== null && 'warnings' in value),
  runner: runnerUrl('analyze-check', new URL('./run.ts', import.meta.url)),
};
