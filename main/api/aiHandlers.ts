// The AI tab's calls (issue 14): the imported models, the intended-use check before a run, starting a run
// (the analyze job, followed by job.progress), the case's runs, the clinician's review of each finding and
// their saved edits of a run's mask (the mask-edit job: measured again in a worker thread).
import { z } from 'zod';
import type { Handlers } from './types.ts';
import { batchId, caseId, noArgs, uid } from './schemas.ts';
import { assertImportable } from './importRoots.ts';
import { AppError } from '../errors.ts';
import { checkBeforeRun, reportOf, startChecked } from '../services/analyze/check.ts';
import { importModel } from '../services/models.ts';
import { importUploadedModel } from '../services/modelUpload.ts';
import { listModelSummaries } from '../services/modelSummary.ts';

type AiChannels = 'models.list' | 'models.import' | 'models.importStaged' | 'analyze.check' | 'analyze.start' | 'inference.list' | 'inference.review' | 'inference.saveEdit';

const modelId = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/, 'must be a model id such as ct-lung-emphysema');
/** `<runId>:<position>` as inference.list gives it. */
const findingId = z.string().regex(/^[0-9a-f-]{36}:[1-9][0-9]{0,5}$/, 'must be a finding id from inference.list');

function openCaseOf(ctx: Parameters<Handlers['inference.list']['run']>[1], id: string) {
  if (!ctx.core.library.hasCase(id)) throw new AppError('not-found', 'This patient is not in the library any more.');
  return ctx.core.library.openCase(id);
}

export const aiHandlers: Pick<Handlers, AiChannels> = {
  'models.list': {
    args: noArgs,
    run: (_args, ctx) => listModelSummaries(ctx.core.library),
  },
  'models.import': {
    args: z.object({ path: z.string().min(1).max(4096) }).strict(),
    run: async (args, ctx) => {
      await assertImportable([args.path], ctx.importRoots ?? (ctx.transport === 'electron' ? 'any' : []));
      const { record, again } = importModel(ctx.core.library, args.path, ctx.core.actor);
      return { ...record, again };
    },
  },
  'models.importStaged': {
    args: z.object({ batchId }).strict(),
    run: async (args, ctx) => {
      const { record, again } = await importUploadedModel(ctx.core, args.batchId);
      return { ...record, again };
    },
  },
  'analyze.check': {
    args: z.object({ caseId, SeriesInstanceUID: uid, modelId }).strict(),
    run: (args, ctx) => checkBeforeRun(ctx.core, args),
  },
  'analyze.start': {
    args: z.object({ caseId, SeriesInstanceUID: uid, modelId, force: z.boolean() }).strict(),
    run: (args, ctx) => startChecked(ctx.core, args),
  },
  'inference.list': {
    args: z.object({ caseId }).strict(),
    run: (args, ctx) => {
      const caseFile = openCaseOf(ctx, args.caseId);
      const { inference } = caseFile;
      const editOf = (runId: string) => {
        const latest = caseFile.inferenceMaskEdits.latest(runId);
        if (!latest) return null;
        const { storePath: _path, ...edit } = latest;
        return edit;
      };
      return inference.list().reverse().map((run) => ({ ...run, findings: inference.reviewedFindings(run.runId), edit: editOf(run.runId) }));
    },
  },
  'inference.review': {
    args: z.object({ caseId, findingId, decision: z.enum(['accepted', 'rejected']), note: z.string().max(2000).optional() }).strict(),
    run: (args, ctx) => {
      const [runId = '', position = '0'] = args.findingId.split(':');
      const finding = openCaseOf(ctx, args.caseId).inference.review(runId, Number(position), args.decision, ctx.core.actor, new Date().toISOString(), args.note?.trim() || null);
      if (!finding) throw new AppError('not-found', 'This finding is not in the case: reload the AI tab.');
      return finding;
    },
  },
  'inference.saveEdit': {
    args: z.object({ caseId, runId: z.string().uuid(), batchId, note: z.string().max(2000).optional() }).strict(),
    run: async (args, ctx) => {
      openCaseOf(ctx, args.caseId);
      const input = { caseId: args.caseId, runId: args.runId, batchId: args.batchId, note: args.note?.trim() || null };
      const jobId = ctx.core.jobs.start('mask-edit', input, { actor: ctx.core.actor });
      const { caseId: _case, ...edit } = reportOf(await ctx.core.jobs.wait<'mask-edit'>(jobId));
      return edit;
    },
  },
};
