// `precis erase --patient ID --yes`: destroys a patient's case (caseErase.ts). Without --yes it only
// says what it would erase: erasing cannot be undone.
import type { CliCommand } from '../command.ts';
import { AppError } from '../../errors.ts';
import { confirmationFor, eraseCase } from '../../services/caseErase.ts';
import { findCase } from '../../services/findCase.ts';

export const eraseCommand: CliCommand = {
  name: 'erase',
  summary: "destroy a patient's case: its key, case file, images and index entry (cannot be undone)",
  flags: { patient: { type: 'string' }, yes: { type: 'boolean', default: false } },
  flagHelp: ['--patient ID --yes        --yes confirms; older backups still hold the case (README)'],
  jsonShape: '{ caseId, walTruncated }',
  async run({ values, json, openCore }) {
    const patient = values.patient;
    if (typeof patient !== 'string' || patient === '') throw new AppError('usage', 'precis erase needs --patient ID (a PatientID or case id).');
    const core = await openCore();
    const caseId = findCase(core.library, patient);
    if (values.yes !== true) {
      throw new AppError('confirmation-required', `Erasing case ${caseId} cannot be undone: run the command again with --yes to confirm.`);
    }
    const row = core.library.index.row(caseId);
    const result = await eraseCase(core, caseId, confirmationFor(row?.PatientID ?? '', caseId), 'cli');
    if (json) process.stdout.write(`${JSON.stringify(result)}\n`);
    else process.stdout.write(`erased case ${caseId}${result.walTruncated ? '' : ' (the library was busy: its journal is cleared on the next write)'}\n`);
    return 0;
  },
};
