import { z } from 'zod';
import type { Handlers } from './types.ts';
import { batchId, jobId, noArgs } from './schemas.ts';
import { assertImportable } from './importRoots.ts';
import { importDemoCase, importPaths, importStaged, stageUpload } from '../services/importing.ts';

type ImportChannels = 'import.start' | 'import.stageFile' | 'import.startStaged' | 'jobs.get' | 'jobs.list' | 'jobs.cancel' | 'demo.load';


export const importHandlers: Pick<Handlers, ImportChannels> = {
  'import.start': {
    args: z.object({ paths: z.array(z.string().min(1).max(4096)).min(1).max(10_000) }).strict(),
    run: async (args, ctx) => {
      await assertImportable(args.paths, ctx.importRoots ?? (ctx.transport === 'electron' ? 'any' : []));
      return importPaths(ctx.core, args.paths);
    },
  },
  'import.stageFile': {
    args: z.object({ batchId, relativePath: z.string().min(1).max(1024), bytes: z.instanceof(Uint8Array) }).strict(),
    run: async (args, ctx) => {
      return { size: await stageUpload(ctx.core, args.batchId, args.relativePath, [args.bytes], args.bytes.length) };
    },
  },
  'import.startStaged': {
    args: z.object({ batchId }).strict(),
    run: (args, ctx) => importStaged(ctx.core, args.batchId),
  },
  'jobs.get': {
    args: z.object({ jobId }).strict(),
    run: (args, ctx) => ctx.core.jobs.get(args.jobId),
  },
  'jobs.list': {
    args: noArgs,
    run: (_args, ctx) => ctx.core.jobs.list(),
  },
  'jobs.cancel': {
    args: z.object({ jobId }).strict(),
    run: (args, ctx) => ctx.core.jobs.cancel(args.jobId),
  },
  'demo.load': {
    args: noArgs,
    run: (_args, ctx) => importDemoCase(ctx.core),
  },
};
