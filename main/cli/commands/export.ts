// `precis export case` (one encrypted, portable file) and `precis export dicom` (the original files).
import { resolve } from 'node:path';
import type { CliCommand } from '../command.ts';
import { AppError } from '../../errors.ts';
import { exportCase } from '../../services/caseExport.ts';
import { exportDicom } from '../../services/dicomExport.ts';
import { findCase } from '../../services/findCase.ts';
import { newExportPassphrase } from '../exportPassphrase.ts';

function required(value: unknown, what: string, command: string): string {
  if (typeof value !== 'string' || value === '') throw new AppError('usage', `precis ${command} needs ${what}.`);
  return value;
}

export const exportCaseCommand: CliCommand = {
  name: 'export case',
  summary: "write a patient's whole case (case file, DICOM, audit) to one file encrypted under an export passphrase",
  flags: { patient: { type: 'string' }, out: { type: 'string' } },
  flagHelp: ['--patient ID --out FILE   passphrase: PRECIS_EXPORT_PASSPHRASE, or asked twice (12+ characters)'],
  jsonShape: '{ caseId, file, instances, bytes }',
  async run({ values, json, openCore }) {
    const patient = required(values.patient, '--patient ID (a PatientID or case id)', 'export case');
    const out = resolve(required(values.out, '--out FILE', 'export case'));
    const passphrase = await newExportPassphrase();
    const core = await openCore();
    const result = await exportCase(core, findCase(core.library, patient), out, passphrase);
    if (json) process.stdout.write(`${JSON.stringify(result)}\n`);
    else process.stdout.write(`exported case ${result.caseId} (${result.instances} images, ${result.bytes} bytes) to ${result.file}\n`);
    return 0;
  },
};

export const exportDicomCommand: CliCommand = {
  name: 'export dicom',
  summary: "write a patient's original DICOM files into a folder (never over an existing file)",
  flags: { patient: { type: 'string' }, out: { type: 'string' } },
  flagHelp: ['--patient ID --out DIR    files: <StudyDate>_S<SeriesNumber>_<Modality>/<InstanceNumber>.dcm'],
  jsonShape: '{ caseId, folder, files: [{ SOPInstanceUID, path }], bytes }',
  async run({ values, json, openCore }) {
    const patient = required(values.patient, '--patient ID (a PatientID or case id)', 'export dicom');
    const out = resolve(required(values.out, '--out DIR', 'export dicom'));
    const core = await openCore();
    const result = await exportDicom(core, findCase(core.library, patient), out);
    if (json) process.stdout.write(`${JSON.stringify(result)}\n`);
    else process.stdout.write(`exported ${result.files.length} DICOM files (${result.bytes} bytes) to ${result.folder}\n`);
    return 0;
  },
};
