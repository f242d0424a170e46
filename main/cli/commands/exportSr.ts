// `precis export sr`: a patient's measurements as one DICOM SR measurement report (TID 1500).
import { resolve } from 'node:path';
import type { CliCommand } from '../command.ts';
import { AppError } from '../../errors.ts';
import { findCase } from '../../services/findCase.ts';
import { exportMeasurementReport } from '../../services/srExport.ts';

export const exportSrCommand: CliCommand = {
  name: 'export sr',
  summary: "write a patient's measurements and accepted AI findings as one DICOM SR measurement report (TID 1500; never over an existing file)",
  flags: { patient: { type: 'string' }, out: { type: 'string' }, study: { type: 'string' } },
  flagHelp: ['--patient ID --out FILE [--study UID]   the study with the most measurements unless --study names one'],
  jsonShape: '{ caseId, file, measurements, aiFindings, SOPInstanceUID }',
  async run({ values, json, openCore }) {
    const patient = patientOf(values.patient);
    if (typeof values.out !== 'string' || values.out === '') throw new AppError('usage', 'precis export sr needs --out FILE.');
    const study = typeof values.study === 'string' && values.study !== '' ? values.study : undefined;
    const core = await openCore();
    const result = await exportMeasurementReport(core, findCase(core.library, patient), resolve(values.out), study);
    const { caseId, file, measurements, aiFindings, SOPInstanceUID } = result;
    if (json) process.stdout.write(`${JSON.stringify({ caseId, file, measurements, aiFindings, SOPInstanceUID })}\n`);
    else process.stdout.write(`exported ${measurements} measurement(s) and ${aiFindings} accepted AI finding(s) of case ${caseId} as DICOM SR ${SOPInstanceUID} (${result.bytes} bytes) to ${file}\n`);
    return 0;
  },
};

function patientOf(value: unknown): string {
  if (typeof value !== 'string' || value === '') throw new AppError('usage', 'precis export sr needs --patient: a PatientID or case id.');
  return value;
}
