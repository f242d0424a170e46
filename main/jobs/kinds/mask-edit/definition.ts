// The mask-edit job kind: a clinician's edited mask measured again over the CT and saved as a new version
// (main/services/maskEdit/saveMaskEdit.ts).
import { z } from 'zod';
import type { MaskEditResult } from '../../../../preload/api.ts';
import type { MaskEditJobInput } from '../../../services/maskEdit/saveMaskEdit.ts';
import { runnerUrl, type JobKind } from '../../kind.ts';

export const maskEditJob: JobKind<MaskEditJobInput, MaskEditResult> = {
  name: 'mask-edit',
  // Plain TypeScript over decoded voxels, no native runtime: a worker thread of the app's process.
  host: 'thread',
  // One at a time: each holds a CT volume (~150 MB for 512x512x275).
  concurrency: 1,
  input: z.object({
    caseId: z.string().min(1),
    runId: z.string().uuid(),
    batchId: z.string().min(8).max(64),
    note: z.string().max(2000).nullable(),
  }).strict(),
  result: z.custom<MaskEditResult>((value) => typeof value === 'object' && value !== null && 'editId' in value),
  runner: runnerUrl('mask-edit', new URL('./run.ts', import.meta.url)),
  changedCases: (result) => [result.caseId],
};
