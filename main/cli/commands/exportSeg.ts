// `precis export seg`: a model run's accepted segmentation findings as one DICOM SEG.
import { resolve } from 'node:path';
import type { CliCommand } from '../command.ts';
import { AppError } from '../../errors.ts';
import { findCase } from '../../services/findCase.ts';
import { exportAcceptedSegmentation } from '../../services/segExport.ts';

export const exportSegCommand: CliCommand = {
  name: 'export seg',
  summary: "write a model run's accepted segmentation findings as one DICOM SEG (proposed and rejected ones never; never over an existing file)",
  flags: { patient: { type: 'string' }, out: { type: 'string' }, run: { type: 'string' } },
  flagHelp: ['--patient ID --out FILE [--run RUN_ID]   the newest run with an accepted segmentation unless --run names one'],
  jsonShape: '{ caseId, file, runId, SOPInstanceUID, SeriesInstanceUID, segments: [{ number, label, findingId, labelValue, voxels, algorithmType }], frames }',
  async run({ values, json, openCore }) {
    if (typeof values.patient !== 'string' || values.patient === '') throw new AppError('usage', 'precis export seg needs --patient: a PatientID or case id.');
    if (typeof values.out !== 'string' || values.out === '') throw new AppError('usage', 'precis export seg needs --out FILE.');
    const run = typeof values.run === 'string' && values.run !== '' ? values.run : undefined;
    const core = await openCore();
    const result = await exportAcceptedSegmentation(core, findCase(core.library, values.patient), resolve(values.out), run);
    const { bytes, ...shape } = result;
    if (json) process.stdout.write(`${JSON.stringify(shape)}\n`);
    else process.stdout.write(`exported ${result.segments.length} accepted segment(s) of run ${result.runId} (${result.segments.map((s) => s.label).join(', ')}) as DICOM SEG ${result.SOPInstanceUID} (${result.frames} frames, ${bytes} bytes) to ${result.file}\n`);
    return 0;
  },
};
