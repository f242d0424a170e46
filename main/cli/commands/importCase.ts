// `precis import case FILE`: restores a case export into this data directory.
import { resolve } from 'node:path';
import type { CliCommand } from '../command.ts';
import { AppError } from '../../errors.ts';
import { importCase } from '../../services/caseImport.ts';
import { existingExportPassphrase } from '../exportPassphrase.ts';

export const importCaseCommand: CliCommand = {
  name: 'import case',
  params: '<file>',
  summary: 'restore a case export (asks its export passphrase: PRECIS_EXPORT_PASSPHRASE); refused if the patient is here already',
  jsonShape: '{ caseId, PatientID, instances }',
  async run({ args, json, openCore }) {
    const file = args[0];
    if (!file || args.length > 1) throw new AppError('usage', 'precis import case needs exactly one export file.');
    const passphrase = await existingExportPassphrase();
    const core = await openCore();
    const result = await importCase(core, resolve(file), passphrase);
    if (json) process.stdout.write(`${JSON.stringify(result)}\n`);
    else process.stdout.write(`imported case ${result.caseId} (PatientID ${result.PatientID || '-'}, ${result.instances} images)\n`);
    return 0;
  },
};
