// Saves one edited mask in a job thread.
import type { MaskEditResult } from '../../../../preload/api.ts';
import { saveMaskEdit, type MaskEditJobInput } from '../../../services/maskEdit/saveMaskEdit.ts';
import type { JobRun } from '../../kind.ts';

export const run: JobRun<MaskEditJobInput, MaskEditResult> = (ctx, input) => saveMaskEdit(ctx, input);
