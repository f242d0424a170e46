// `precis analyze --series UID --model ID`: runs an imported model on a stored series in the analyze
// job's child process; refuses a series outside the model's intended use unless --force, which runs it
// and marks its results and provenance with the warnings.
import type { AnalyzeResult } from '../../../preload/api.ts';
import type { CliCommand } from '../command.ts';
import { AppError } from '../../errors.ts';
import { analyzeJson, startAnalysis } from '../../services/analyze/index.ts';
import { findCase } from '../../services/findCase.ts';

/** Exit code of a refusal for intended use: the series was not analysed (nothing else exits 3). */
const EXIT_INTENDED_USE = 3;

function text(result: AnalyzeResult): string {
  const lines = [`run ${result.runId}: ${result.model.id} ${result.model.version} (sha256 ${result.model.sha256}) on series ${result.series}`];
  for (const b of result.biomarkers) lines.push(`  ${b.name}: ${Number(b.value.toFixed(2))} ${b.unit}`);
  for (const f of result.findings) lines.push(`  finding ${f.label} (${f.review}): ${f.measurements.map((m) => `${m.name} ${Number(m.value.toFixed(1))} ${m.unit}`).join(', ')}`);
  for (const w of result.warnings) lines.push(`  WARNING: ${w}`);
  return `${lines.join('\n')}\n`;
}

export const analyzeCommand: CliCommand = {
  name: 'analyze',
  summary: 'run an imported model on a stored series (checked against its intended use first)',
  flags: { series: { type: 'string' }, model: { type: 'string' }, patient: { type: 'string' }, force: { type: 'boolean', default: false } },
  flagHelp: [
    '--series UID --model ID   the series (SeriesInstanceUID) and the imported model (precis models import DIR)',
    '--patient ID              the patient holding the series (else every case is searched)',
    '--force                   run even outside the model\'s intended use (exit 3 without it); results say so',
  ],
  jsonShape: '{ runId, caseId, model: { id, version, sha256 }, series, biomarkers: [{ name, value, unit }], findings: [{ position, kind, label, labelValue, measurements: [{ name, value, unit }], review }], warnings, provenance }',
  async run({ values, json, openCore }) {
    const series = values.series;
    const model = values.model;
    if (typeof series !== 'string' || typeof model !== 'string') throw new AppError('usage', 'precis analyze needs --series <SeriesInstanceUID> and --model <id>.');
    const core = await openCore();
    const caseId = typeof values.patient === 'string' ? findCase(core.library, values.patient) : undefined;
    const handle = startAnalysis(core, { SeriesInstanceUID: series, modelId: model, force: values.force === true, ...(caseId ? { caseId } : {}) });
    const showProgress = process.stderr.isTTY && !json;
    const stop = core.jobs.onChange((status) => {
      if (showProgress && status.jobId === handle.jobId && status.state === 'running') process.stderr.write(`\r${status.phase} ${status.done}/${status.total}   `);
    });
    const onSignal = (): void => void core.jobs.cancel(handle.jobId);
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
    const status = await handle.finished;
    stop();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    if (showProgress) process.stderr.write('\n');
    if (status.error?.code === 'intended-use-mismatch') {
      process.stderr.write(`precis: ${status.error.message}\n`);
      return EXIT_INTENDED_USE;
    }
    if (!status.report) throw new AppError(status.error?.code ?? 'job-failed', status.error?.message ?? 'The analysis failed.');
    process.stdout.write(json ? `${analyzeJson(status.report)}\n` : text(status.report));
    if (status.report.cancelled) {
      process.stderr.write(`precis: run ${status.report.runId} cancelled; it is recorded as cancelled, with no results\n`);
      return 130;
    }
    return 0;
  },
};
