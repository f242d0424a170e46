// `precis export kos`: a patient's key images as DICOM Key Object Selection documents (one per study).
import { resolve } from 'node:path';
import type { CliCommand } from '../command.ts';
import { AppError } from '../../errors.ts';
import { findCase } from '../../services/findCase.ts';
import { exportKeyImages } from '../../services/keyImages.ts';

export const exportKosCommand: CliCommand = {
  name: 'export kos',
  summary: "write a patient's key images as a DICOM Key Object Selection document (never over an existing file)",
  flags: { patient: { type: 'string' }, out: { type: 'string' } },
  flagHelp: ['--patient ID --out FILE   one document per study: FILE for the newest, FILE-2, FILE-3 ... (before the extension) for the others'],
  jsonShape: '{ caseId, file, images, SOPInstanceUID, documents: [{ file, StudyInstanceUID, SOPInstanceUID, images }] }',
  async run({ values, json, openCore }) {
    const patient = typeof values.patient === 'string' ? values.patient : '';
    const out = typeof values.out === 'string' ? values.out : '';
    if (!patient || !out) throw new AppError('usage', 'precis export kos needs --patient ID (a PatientID or case id) and --out FILE.');
    const core = await openCore();
    const result = await exportKeyImages(core, findCase(core.library, patient), resolve(out));
    if (json) process.stdout.write(`${JSON.stringify(result)}\n`);
    else {
      for (const d of result.documents) process.stdout.write(`exported ${d.images} key image${d.images === 1 ? '' : 's'} of study ${d.StudyInstanceUID} to ${d.file}\n`);
    }
    return 0;
  },
};
