// The intended-use check of `precis analyze` before ct-lung-emphysema (a chest model) runs: on the real GE
// head CT of dcm_qa_ct, on copies of it whose Body Part Examined says CHEST or nothing (and whose slice
// thickness says 1 mm, so that only the image can tell), and on the Philips head phantom session. The
// copies are written with dcmodify (dcmtk) under new UIDs; the CHEST copy is also restacked untilted at
// 5 mm so that a forced run can form a volume (the original's 18.5° gantry tilt is refused).
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { copyFileSync, mkdirSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import dicomParser from 'dicom-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AnalyzeResult, InferenceRun } from '../../preload/api.ts';
import { cliImport, dicomData, openLibrary, removeTempDirs, repoRoot, runCli, tempDir } from './support/env.ts';

const HEAD = join(dicomData, 'dcm_qa_ct', 'GE');
const PHANTOM = join(dicomData, 'dcm_qa_ct', 'Philips', 'S21610', 'S3010');
const uid = (): string => `2.25.${BigInt(`0x${randomBytes(15).toString('hex')}`)}`;
const seriesOf = (file: string): string => dicomParser.parseDicom(new Uint8Array(readFileSync(file)), { untilTag: 'x7fe00010' }).string('x0020000e') as string;

/** A copy of the head CT with new UIDs; `bodyPart` null removes Body Part Examined. Returns its SeriesInstanceUID. */
function headCopy(folder: string, bodyPart: string | null, restack: boolean): string {
  mkdirSync(folder, { recursive: true });
  const series = uid();
  const names = readdirSync(HEAD).filter((n) => n.endsWith('.dcm'));
  const z = (name: string): number => Number(dicomParser.parseDicom(new Uint8Array(readFileSync(join(HEAD, name))), { untilTag: 'x7fe00010' }).string('x00200032')?.split('\\')[2]);
  names.sort((a, b) => z(a) - z(b)).forEach((name, k) => {
    const target = join(folder, name);
    copyFileSync(join(HEAD, name), target);
    const edits = ['-m', `(0020,000e)=${series}`, '-m', `(0008,0018)=${uid()}`, '-m', '(0018,0050)=1.0'];
    edits.push(...(bodyPart === null ? ['-e', '(0018,0015)'] : ['-m', `(0018,0015)=${bodyPart}`]));
    if (restack) edits.push('-m', '(0020,0037)=1\\0\\0\\0\\1\\0', '-m', `(0020,0032)=-125\\-125\\${k * 5}`);
    execFileSync('dcmodify', ['-nb', '-ie', ...edits, target]);
  });
  return series;
}

let dataDir = '';
const series = { head: '', chest: '', noBodyPart: '', phantom: '' };

function analyze(uidOf: string, force = false): { code: number | null; stderr: string; result: AnalyzeResult | null } {
  const run = runCli(['analyze', '--series', uidOf, '--model', 'ct-lung-emphysema', '--data-dir', dataDir, '--json', ...(force ? ['--force'] : [])]);
  return { code: run.code, stderr: run.stderr, result: run.stdout ? (JSON.parse(run.stdout) as AnalyzeResult) : null };
}

function recordedRuns(): InferenceRun[] {
  const library = openLibrary(dataDir);
  try {
    return library.caseIds().flatMap((id) => library.openCase(id).inference.list());
  } finally {
    library.close();
  }
}

const IMAGE_NOT_CHEST = /The image does not look like an adult chest: the body's cross-section is at most \d+ cm²/;
const IMAGE_NO_LUNGS = /The image shows no lungs: at most \d+ cm² of air or lung-density tissue inside the body/;

beforeAll(() => {
  dataDir = tempDir('analyze-use');
  const copies = tempDir('analyze-use-copies');
  series.head = seriesOf(join(HEAD, '01.dcm'));
  series.chest = headCopy(join(copies, 'chest'), 'CHEST', true);
  series.noBodyPart = headCopy(join(copies, 'none'), null, false);
  series.phantom = seriesOf(join(PHANTOM, 'I10'));
  expect(cliImport(dataDir, [HEAD, join(copies, 'chest'), join(copies, 'none'), PHANTOM]).report.imported).toBe(28 * 3 + 58);
  expect(runCli(['models', 'import', join(repoRoot, 'models', 'ct-lung-emphysema'), '--data-dir', dataDir]).code).toBe(0);
}, 60_000);

afterAll(removeTempDirs);

describe('the intended-use check of precis analyze', () => {
  it('refuses the head CT before running (exit 3), naming its body part, slice thickness and what the image shows', () => {
    // Failing: a chest model's lung volume and emphysema index are produced for a head, as if they meant something.
    const { code, stderr, result } = analyze(series.head);
    expect(code, stderr).toBe(3);
    expect(result).toBeNull();
    expect(stderr).toContain("The series' Body Part Examined is HEAD; the model is for CHEST or LUNG.");
    expect(stderr).toMatch(/The series' slices are \d mm thick; the model is for 0\.5-2\.5 mm\./);
    expect(stderr).toMatch(IMAGE_NOT_CHEST);
    expect(stderr).toMatch(IMAGE_NO_LUNGS);
    expect(stderr).toContain('Nothing was run; run it anyway with --force');
    expect(recordedRuns()).toEqual([]);
  });

  it('refuses copies of the head CT tagged CHEST or with no body part: the image check catches them', () => {
    // Failing: a mislabelled head CT (a wrong or missing tag, a common export fault) passes as a chest.
    for (const uidOf of [series.chest, series.noBodyPart]) {
      const { code, stderr } = analyze(uidOf);
      expect(code, stderr).toBe(3);
      expect(stderr).not.toContain('Body Part Examined');
      expect(stderr).not.toContain('thick');
      expect(stderr).toMatch(IMAGE_NOT_CHEST);
      expect(stderr).toMatch(IMAGE_NO_LUNGS);
    }
    expect(recordedRuns()).toEqual([]);
  });

  it('refuses the Philips head phantom session', () => {
    // Failing: a phantom or another body part is measured as a patient's chest.
    const { code, stderr } = analyze(series.phantom);
    expect(code, stderr).toBe(3);
    expect(stderr).toContain("The series' Body Part Examined is BRAIN; the model is for CHEST or LUNG.");
    expect(stderr).toMatch(IMAGE_NOT_CHEST);
  });

  it('with --force runs and marks the results and the provenance with the warnings', () => {
    // Failing: numbers from a run outside the model's intended use look like any other result.
    const { code, stderr, result } = analyze(series.chest, true);
    expect(code, stderr).toBe(0);
    expect(result?.warnings.some((w) => IMAGE_NOT_CHEST.test(w))).toBe(true);
    expect(result?.warnings.some((w) => IMAGE_NO_LUNGS.test(w))).toBe(true);
    expect(result?.provenance).toMatchObject({ status: 'done', outsideIntendedUse: true, warnings: result?.warnings, parameters: { intendedUse: { forced: true } } });
    const [run] = recordedRuns();
    expect(run).toMatchObject({ runId: result?.runId, status: 'done', outsideIntendedUse: true, warnings: result?.warnings });
  }, 60_000);

  it('with --force on the tilted original, the failed run keeps the warnings and says why no volume was formed', () => {
    // Failing: a forced run that could not be done leaves no trace, or hides that it was outside intended use.
    const { code, stderr } = analyze(series.head, true);
    expect(code).toBe(1);
    expect(stderr).toContain('gantry tilt');
    const run = recordedRuns().find((r) => r.SeriesInstanceUIDs[0] === series.head);
    expect(run).toMatchObject({ status: 'failed', outsideIntendedUse: true, biomarkers: null });
    expect(run?.warnings).toContain("The series' Body Part Examined is HEAD; the model is for CHEST or LUNG.");
    expect(run?.error).toContain('gantry tilt');
  }, 60_000);
});
