// Runs one intended-use check in a job thread.
import type { AnalyzeCheck } from '../../../../preload/api.ts';
import { runCheck, type SeriesModel } from '../../../services/analyze/check.ts';
import type { JobRun } from '../../kind.ts';

export const run: JobRun<SeriesModel, AnalyzeCheck> = (ctx, input) => runCheck(ctx, input);
