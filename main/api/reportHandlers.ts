// reports.list, case.exportSr and case.exportSeg: the same services as `precis reports`, `precis export sr`
// and `precis export seg`. As for the other exports, the file goes to <dataDir>/exports/<time>-<caseId>-sr.dcm
// (-seg.dcm) and the answer says where.
import { join } from 'node:path';
import { z } from 'zod';
import type { Handlers } from './types.ts';
import { caseId, uid } from './schemas.ts';
import { listMeasurementReports } from '../services/measurementReports.ts';
import { exportMeasurementReport } from '../services/srExport.ts';
import { exportAcceptedSegmentation } from '../services/segExport.ts';

/** A run id as inference.list gives it. */
const runId = z.string().regex(/^[0-9a-f-]{36}$/, 'must be a run id from inference.list');

type ReportChannels = 'reports.list' | 'case.exportSr' | 'case.exportSeg';

const exportFile = (dataDir: string, caseId: string, kind: string): string =>
  join(dataDir, 'exports', `${new Date().toISOString().replace(/[:.]/g, '-')}-${caseId}-${kind}.dcm`);

export const reportHandlers: Pick<Handlers, ReportChannels> = {
  'reports.list': {
    args: z.object({ caseId }).strict(),
    run: (args, ctx) => listMeasurementReports(ctx.core, args.caseId),
  },
  'case.exportSr': {
    args: z.object({ caseId, StudyInstanceUID: uid.optional() }).strict(),
    run: (args, ctx) => exportMeasurementReport(ctx.core, args.caseId, exportFile(ctx.core.dataDir, args.caseId, 'sr'), args.StudyInstanceUID),
  },
  'case.exportSeg': {
    args: z.object({ caseId, runId: runId.optional() }).strict(),
    run: (args, ctx) => exportAcceptedSegmentation(ctx.core, args.caseId, exportFile(ctx.core.dataDir, args.caseId, 'seg'), args.runId),
  },
};
