import { mkdir, rm, writeFile } from 'node:fs/promises';
import { isAbsolute, join, normalize, relative, sep } from 'node:path';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Handlers, HandlerContext } from './types.ts';
import { batchId, jobId, noArgs } from './schemas.ts';
import { AppError } from '../errors.ts';
import { generateDemoCase } from '../dicom/demo/index.ts';

type ImportChannels = 'import.start' | 'import.stageFile' | 'import.startStaged' | 'jobs.get' | 'jobs.cancel' | 'demo.load';

// Uploaded (dropped or picked) files wait here, inside the managed store, until their import ends.
const stagingDir = (dataDir: string, batch: string): string => join(dataDir, 'dicom', '.staging', batch);

function safeRelativePath(relativePath: string): string {
  const normal = normalize(relativePath);
  if (isAbsolute(relativePath) || relativePath.split(/[\\/]/).includes('..') || normal.split(sep).includes('..') || normal === '.') {
    throw new AppError('invalid-argument', `"${relativePath}" is not a file name inside the selection.`);
  }
  return normal;
}

function startImport(ctx: HandlerContext, paths: string[], cleanup?: string): { jobId: string } {
  const id = ctx.core.jobs.startImport(paths, {
    actor: ctx.core.actor,
    // Staged files are reported by the name the user chose, not by their place in the staging folder.
    displayPath: cleanup ? (path) => relative(cleanup, path).replace(/^files\/\d+\//, '') : undefined,
    onFinish: () => {
      if (cleanup) void rm(cleanup, { recursive: true, force: true });
      ctx.emit('library.changed', { caseIds: [] });
    },
  });
  return { jobId: id };
}

export const importHandlers: Pick<Handlers, ImportChannels> = {
  'import.start': {
    args: z.object({ paths: z.array(z.string().min(1).max(4096)).min(1).max(10_000) }).strict(),
    run: (args, ctx) => startImport(ctx, args.paths),
  },
  'import.stageFile': {
    args: z.object({ batchId, relativePath: z.string().min(1).max(1024), bytes: z.instanceof(Uint8Array) }).strict(),
    run: async (args, ctx) => {
      const target = join(stagingDir(ctx.core.dataDir, args.batchId), safeRelativePath(args.relativePath));
      await mkdir(join(target, '..'), { recursive: true });
      await writeFile(target, args.bytes);
      return { size: args.bytes.length };
    },
  },
  'import.startStaged': {
    args: z.object({ batchId }).strict(),
    run: (args, ctx) => {
      const folder = stagingDir(ctx.core.dataDir, args.batchId);
      return startImport(ctx, [folder], folder);
    },
  },
  'jobs.get': {
    args: z.object({ jobId }).strict(),
    run: (args, ctx) => ctx.core.jobs.get(args.jobId),
  },
  'jobs.cancel': {
    args: z.object({ jobId }).strict(),
    run: (args, ctx) => ctx.core.jobs.cancel(args.jobId),
  },
  'demo.load': {
    args: noArgs,
    run: async (_args, ctx) => {
      const folder = stagingDir(ctx.core.dataDir, `demo-${randomUUID()}`);
      await generateDemoCase(folder);
      return startImport(ctx, [folder], folder);
    },
  },
};
