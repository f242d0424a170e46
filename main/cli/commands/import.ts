import { resolve } from 'node:path';
import type { CliCommand } from '../command.ts';
import { AppError } from '../../errors.ts';
import { importJson, importText } from '../importOutput.ts';

/** Exit codes: 0 all files imported or already there, 2 some files failed or conflict (listed), 130 cancelled. */
export const importCommand: CliCommand = {
  name: 'import',
  params: '<paths...>',
  summary: 'import DICOM files, folders (recursive) or DICOMDIRs',
  jsonShape: '{ imported, skipped, conflicts: [{ path, SOPInstanceUID, code, reason }], failed: [{ path, code, reason }], dicomdirs, measurementReports?: [{ path, SOPInstanceUID, caseId, annotations, measurements, alreadyImported, problem }], segmentations?: [{ path, SOPInstanceUID, caseId, SeriesInstanceUID, runIds, segments, alreadyImported, problem }] }',
  async run({ args: paths, json, openCore }) {
    if (paths.length === 0) throw new AppError('usage', 'precis import needs at least one file or folder.');
    const core = await openCore();
    const jobId = core.jobs.startImport(paths.map((p) => resolve(p)), { actor: core.actor });
    const showProgress = process.stderr.isTTY && !json;
    const stop = core.jobs.onChange((status) => {
      if (showProgress && status.state === 'running') process.stderr.write(`\r${status.phase} ${status.done}/${status.total}   `);
    });
    const onSignal = (): void => {
      process.stderr.write('\ncancelling: the series being stored is not committed\n');
      core.jobs.cancel(jobId);
    };
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
    const status = await core.jobs.wait(jobId);
    stop();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    if (showProgress) process.stderr.write('\n');
    if (!status.report) throw new AppError(status.error?.code ?? 'import-failed', status.error?.message ?? 'The import failed.');
    process.stdout.write(json ? `${importJson(status.report)}\n` : importText(status.report));
    if (status.report.cancelled) {
      process.stderr.write('precis: import cancelled; run it again to complete it\n');
      return 130;
    }
    const notStored = status.report.failed.length + status.report.conflicts.length;
    if (notStored > 0) {
      process.stderr.write(`precis: ${notStored} file(s) could not be imported (listed above)\n`);
      return 2;
    }
    const unread = (status.report.measurementReports ?? []).filter((r) => r.problem !== null).length;
    if (unread > 0) {
      process.stderr.write(`precis: the measurements of ${unread} SR measurement report(s) could not be read (listed above); the files themselves are stored\n`);
      return 2;
    }
    const unlaid = (status.report.segmentations ?? []).filter((s) => s.problem !== null).length;
    if (unlaid > 0) {
      process.stderr.write(`precis: ${unlaid} DICOM SEG(s) could not be shown as labelmaps (listed above); the files themselves are stored\n`);
      return 2;
    }
    return 0;
  },
};
