// reports.list and case.exportSr: the same services as `precis reports` and `precis export sr`. As for
// the other exports, the file goes to <dataDir>/exports/<time>-<caseId>-sr.dcm and the answer says where.
import { join } from 'node:path';
import { z } from 'zod';
import type { Handlers } from './types.ts';
import { caseId, uid } from './schemas.ts';
import { listMeasurementReports } from '../services/measurementReports.ts';
import { exportMeasurementReport } from '../services/srExport.ts';

type ReportChannels = 'reports.list' | 'case.exportSr';

export const reportHandlers: Pick<Handlers, ReportChannels> = {
  'reports.list': {
    args: z.object({ caseId }).strict(),
    run: (args, ctx) => listMeasurementReports(ctx.core, args.caseId),
  },
  'case.exportSr': {
    args: z.object({ caseId, StudyInstanceUID: uid.optional() }).strict(),
    run: (args, ctx) => {
      const time = new Date().toISOString().replace(/[:.]/g, '-');
      const file = join(ctx.core.dataDir, 'exports', `${time}-${args.caseId}-sr.dcm`);
      return exportMeasurementReport(ctx.core, args.caseId, file, args.StudyInstanceUID);
    },
  },
};
