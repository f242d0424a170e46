// case.exportDicom, case.exportCase, case.erase: the same services as `precis export` and `precis erase`.
// The web host has no native folder dialog and a browser cannot be handed a folder, so exports go to
// <dataDir>/exports/<time>-<caseId>[.precis-case] (inside the data directory the user already
// protects, 0700) and the answer says where; the Electron shell uses the same place for one behaviour.
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import type { Handlers } from './types.ts';
import { caseId } from './schemas.ts';
import type { Core } from '../core.ts';
import { exportCase } from '../services/caseExport.ts';
import { eraseCase } from '../services/caseErase.ts';
import { exportDicom } from '../services/dicomExport.ts';

type CaseChannels = 'case.exportDicom' | 'case.exportCase' | 'case.erase';

function exportTarget(core: Core, id: string, suffix: string): string {
  const time = new Date().toISOString().replace(/[:.]/g, '-');
  return join(core.dataDir, 'exports', `${time}-${id}${suffix}`);
}

export const caseHandlers: Pick<Handlers, CaseChannels> = {
  'case.exportDicom': {
    args: z.object({ caseId }).strict(),
    run: async (args, ctx) => {
      const result = await exportDicom(ctx.core, args.caseId, exportTarget(ctx.core, args.caseId, ''));
      return { folder: result.folder, files: result.files.length, bytes: result.bytes };
    },
  },
  'case.exportCase': {
    args: z.object({ caseId, passphrase: z.string().min(1).max(1024) }).strict(),
    run: async (args, ctx) => {
      const target = exportTarget(ctx.core, args.caseId, '.precis-case');
      await mkdir(join(ctx.core.dataDir, 'exports'), { recursive: true, mode: 0o700 });
      const result = await exportCase(ctx.core, args.caseId, target, args.passphrase);
      return { file: result.file, instances: result.instances, bytes: result.bytes };
    },
  },
  'case.erase': {
    args: z.object({ caseId, confirmPatientId: z.string().max(200) }).strict(),
    run: async (args, ctx) => {
      const result = await eraseCase(ctx.core, args.caseId, args.confirmPatientId, ctx.transport);
      ctx.emit('library.changed', { caseIds: [args.caseId] });
      return result;
    },
  },
};
