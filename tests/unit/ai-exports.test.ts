// Exports that carry AI findings carry accepted ones only (issue 14, items 5 and 7): six adjacent LIDC
// slices imported; a model run recorded through the inference repository (no model is run: the run, its
// three findings and its label volume are written as runAnalysis writes them), one finding accepted, one
// rejected, one left proposed. `precis export seg` writes the accepted segment only, read back by the app
// equal to the mask and by dcmtk and dciodvfy; the SR export (TID 1500) holds the accepted finding with
// its volume in mL and TID 4019 (Algorithm Name, Version, Parameters), as dsrdump reads it, and neither
// other finding. If this fails, a PACS would receive a segmentation or number no clinician accepted.
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import dicomParser from 'dicom-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeLabelVolume } from '../../main/ai/masks/labelVolumeFile.ts';
import { dispatch } from '../../main/api/dispatcher.ts';
import type { HandlerContext } from '../../main/api/types.ts';
import { openCore, type Core } from '../../main/core.ts';
import type { CaseFile } from '../../main/library/caseFile.ts';
import { readSegmentation } from '../../main/reading/seg/index.ts';
import type { SegExport, SrExport } from '../../preload/api.ts';
import { dciodvfy, dsrdump } from './support/dsrdump.ts';
import { cliImport, lidcSeries, PASSPHRASE, removeTempDirs, runCli, tempDir } from './support/env.ts';

const COLUMNS = 512;
const ROWS = 512;
const SLICES = 6;
const PLANE = COLUMNS * ROWS;
const MODEL = { id: 'ct-lung-emphysema', version: '1.0.0', sha256: 'ab'.repeat(32) };

interface Slice { file: string; sop: string; z: number; series: string }

/** Six adjacent slices of the chest CT, by position (the file names are not in slice order). */
function adjacentSlices(): Slice[] {
  const all = readdirSync(lidcSeries).filter((f) => f.endsWith('.dcm')).map((f) => {
    const ds = dicomParser.parseDicom(new Uint8Array(readFileSync(join(lidcSeries, f))), { untilTag: 'x7fe00010' });
    return { file: join(lidcSeries, f), sop: ds.string('x00080018') as string, z: Number((ds.string('x00200032') as string).split('\\')[2]), series: ds.string('x0020000e') as string };
  });
  return all.sort((a, b) => a.z - b.z).slice(130, 130 + SLICES);
}

/** Labels in ascending slice order: 1 a disc on slices 0-3, 2 a box on slices 2-5, 3 a small disc on slice 4. */
function labelsAscending(): Uint8Array {
  const labels = new Uint8Array(PLANE * SLICES);
  for (let k = 0; k < SLICES; k++) {
    for (let y = 0; y < ROWS; y++) {
      for (let x = 0; x < COLUMNS; x++) {
        const n = x + COLUMNS * (y + ROWS * k);
        if (k >= 2 && x >= 300 && x < 400 && y >= 200 && y < 300) labels[n] = 2;
        if (k <= 3 && (x - 180) ** 2 + (y - 250) ** 2 <= 30 ** 2) labels[n] = 1;
        if (k === 4 && (x - 180) ** 2 + (y - 250) ** 2 <= 8 ** 2) labels[n] = 3;
      }
    }
  }
  return labels;
}

/** The same labels with the slices reversed (the mask's own order: the exporter must reorder by SOP UID). */
const reversed = (labels: Uint8Array): Uint8Array => {
  const out = new Uint8Array(labels.length);
  for (let k = 0; k < SLICES; k++) out.set(labels.subarray(k * PLANE, (k + 1) * PLANE), (SLICES - 1 - k) * PLANE);
  return out;
};

/** A finished run with three segment findings and its mask, as runAnalysis records them. */
async function recordRun(dataDir: string, caseFile: CaseFile, slices: Slice[], labels: Uint8Array): Promise<string> {
  const runId = randomUUID();
  caseFile.inference.begin({
    runId, model: MODEL, SeriesInstanceUIDs: [slices[0]?.series ?? ''], runtime: { name: 'onnxruntime-node', version: '1.30.0' },
    parameters: { patchSize: [64, 288, 288], overlap: 0.125 }, warnings: [], outsideIntendedUse: false, startedAt: new Date().toISOString(), startedBy: 'model-runner',
  });
  const segment = (label: string, labelValue: number, ml: number) => ({ kind: 'segment', label, labelValue, measurements: [{ name: 'lung volume', value: ml, unit: 'mL' }] });
  caseFile.inference.finish(runId, {
    status: 'done', endedAt: new Date().toISOString(), inputVoxelsSha256: 'cd'.repeat(32), input: null, warnings: [], error: null, peakRssMb: null,
    biomarkers: [{ name: 'lung volume', value: 42.5, unit: 'mL' }],
    findings: [segment('right lung', 1, 12.25), segment('left lung', 2, 30.5), segment('nodule', 3, 0.375)],
  }, 'model-runner');
  const stored = reversed(labels);
  const storePath = await writeLabelVolume(dataDir, caseFile.storeKey, caseFile.caseId, runId, stored);
  const top = slices[SLICES - 1] as Slice;
  caseFile.inferenceMasks.add({
    runId, SeriesInstanceUID: top.series, storePath, sha256: 'ef'.repeat(32), voxelCounts: {},
    geometry: { dims: [COLUMNS, ROWS, SLICES], spacing: [0.7, 0.7, 1], origin: [-201, -59, top.z], direction: [[1, 0, 0], [0, 1, 0], [0, 0, -1]], SOPInstanceUIDs: [...slices].reverse().map((s) => s.sop) },
    labels: [{ value: 1, name: 'right lung', color: [128, 174, 128] }, { value: 2, name: 'left lung', color: [241, 214, 145] }, { value: 3, name: 'nodule', color: [216, 101, 79] }],
  });
  return runId;
}

const dcmdump = (file: string): string => {
  const run = spawnSync('dcmdump', ['-M', '+L', file], { encoding: 'utf8' });
  expect(run.status, run.stderr).toBe(0);
  return run.stdout;
};

describe('exports carry accepted AI findings only', () => {
  let dataDir = '';
  let core: Core;
  let ctx: HandlerContext;
  let caseId = '';
  let runId = '';
  let proposedOnlyRun = '';
  let slices: Slice[] = [];
  const labels = labelsAscending();
  const call = async <T,>(channel: string, args: unknown): Promise<T> => {
    const envelope = await dispatch(channel, args, ctx);
    if (!envelope.ok) throw Object.assign(new Error(envelope.error.message), { code: envelope.error.code });
    return envelope.value as T;
  };

  beforeAll(async () => {
    dataDir = tempDir('ai-exports');
    slices = adjacentSlices();
    expect(cliImport(dataDir, slices.map((s) => s.file)).report.imported).toBe(SLICES);
    core = openCore(dataDir, { kind: 'passphrase', passphrase: PASSPHRASE }, 'reader-1');
    ctx = { core, transport: 'web', importRoots: [], emit: () => undefined };
    caseId = core.library.caseIds()[0] as string;
    const caseFile = core.library.openCase(caseId);
    runId = await recordRun(dataDir, caseFile, slices, labels);
    caseFile.inference.review(runId, 1, 'accepted', 'Dr^Accepting', new Date().toISOString(), null);
    caseFile.inference.review(runId, 2, 'rejected', 'Dr^Rejecting', new Date().toISOString(), 'not the left lung');
    proposedOnlyRun = await recordRun(dataDir, caseFile, slices, labels);
  }, 60_000);

  afterAll(async () => {
    await core?.close();
    removeTempDirs();
  });

  it('precis export seg writes the accepted segment only, read back equal to the mask', () => {
    // Failing: the SEG holds a rejected or unreviewed segment, or the accepted one on the wrong slices.
    const file = join(tempDir('ai-exports-out'), 'accepted.seg.dcm');
    const run = runCli(['export', 'seg', '--patient', 'LIDC-IDRI-0314', '--out', file, '--data-dir', dataDir, '--json']);
    expect(run.code, run.stderr).toBe(0);
    const printed = JSON.parse(run.stdout) as Omit<SegExport, 'bytes'>;
    const rightLung = labels.reduce((n, v) => n + (v === 1 ? 1 : 0), 0);
    expect(printed).toMatchObject({ caseId, file, runId, SeriesInstanceUID: slices[0]?.series, frames: 4 });
    expect(printed.segments).toEqual([{ number: 1, label: 'right lung', findingId: `${runId}:1`, labelValue: 1, voxels: rightLung, algorithmType: 'AUTOMATIC' }]);
    const seg = readSegmentation(readFileSync(file));
    expect(seg.segments.map((s) => s.segment.SegmentLabel)).toEqual(['right lung']);
    // The SEG's own grid spans the slices it has frames on: the first four.
    expect(seg.geometry.dims).toEqual([COLUMNS, ROWS, 4]);
    expect(seg.geometry.origin[2]).toBeCloseTo(slices[0]?.z ?? NaN, 3);
    const expected = labels.subarray(0, 4 * PLANE).map((v) => (v === 1 ? 1 : 0));
    expect(Buffer.from(seg.segments[0]?.mask ?? []).equals(Buffer.from(expected))).toBe(true);
    expect(seg.frames.map((f) => f.sourceSOPInstanceUIDs[0])).toEqual(slices.slice(0, 4).map((s) => s.sop));
    expect(seg.segments[0]?.segment).toMatchObject({ SegmentAlgorithmType: 'AUTOMATIC', SegmentAlgorithmName: MODEL.id, rgb: [128, 174, 128], type: { value: '3341006', scheme: 'SCT', meaning: 'Right lung' } });
    expect(seg.segments[0]?.segment.algorithm).toMatchObject({ name: MODEL.id, version: MODEL.version, parameters: expect.stringContaining(`model sha256 ${MODEL.sha256}`) });
    expect(seg.referencedSeries[0]?.instances.map((i) => i.ReferencedSOPInstanceUID)).toEqual(slices.slice(0, 4).map((s) => s.sop));

    // DCMTK, independently: 4 frames, one segment, no other label anywhere in the file.
    const dump = dcmdump(file);
    expect(dump).toMatch(/\(0028,0008\) IS \[4\]/);
    expect(dump.match(/\(0062,0004\) US/g)).toHaveLength(1);
    expect(dump).toMatch(/\(0062,0005\) LO \[right lung\]/);
    expect(dump).toMatch(/\(0062,0008\) CS \[AUTOMATIC\]/);
    expect(dump).toMatch(/\(0066,0031\) LO \[1\.0\.0\]/);
    expect(dump).not.toMatch(/left lung|nodule/i);
    const verify = spawnSync('dciodvfy', [file], { encoding: 'utf8' });
    expect(`${verify.stdout}\n${verify.stderr}`.split('\n').filter((l) => /^Error/.test(l))).toEqual([]);
  });

  it('refuses a run with nothing accepted, naming why, and writes nothing', async () => {
    // Failing: an unreviewed AI segmentation can leave the case as a DICOM SEG.
    const file = join(tempDir('ai-exports-out'), 'proposed.seg.dcm');
    const run = runCli(['export', 'seg', '--patient', 'LIDC-IDRI-0314', '--out', file, '--run', proposedOnlyRun, '--data-dir', dataDir, '--json']);
    expect(run.code).not.toBe(0);
    expect(run.stderr).toMatch(/No segmentation finding of run .* is accepted.*proposed and rejected findings are never exported/);
    expect(() => readFileSync(file)).toThrow();
    await expect(call('case.exportSeg', { caseId, runId: proposedOnlyRun })).rejects.toMatchObject({ code: 'no-accepted-findings' });
  });

  it('case.exportSeg writes the newest run with an accepted segment under exports/, audited', async () => {
    // Failing: the app's export button has no file to show, or an export leaves no trace in the audit.
    const exported = await call<SegExport>('case.exportSeg', { caseId });
    expect(exported.file.startsWith(join(dataDir, 'exports'))).toBe(true);
    expect(exported).toMatchObject({ runId, frames: 4, segments: [{ label: 'right lung' }] });
    const audit = core.library.openCase(caseId).handles.read.prepare("SELECT actor, detail FROM case_audit WHERE action = 'case.export-seg'").all() as Array<{ actor: string; detail: string }>;
    expect(audit.map((a) => a.actor)).toContain('reader-1');
    expect(audit.some((a) => JSON.parse(a.detail).findingIds?.[0] === `${runId}:1`)).toBe(true);
  });

  it('the SR export holds the accepted finding with its volume and TID 4019, and no other finding', async () => {
    // Failing: the measurement report carries a rejected or proposed AI number, or an accepted one without the model that made it.
    const exported = await call<SrExport>('case.exportSr', { caseId });
    expect(exported).toMatchObject({ measurements: 0, aiFindings: 1 });
    const dump = dsrdump(exported.file);
    expect(dump.status, dump.stderr).toBe(0);
    expect(dump.nums.map((n) => [n.concept.meaning, n.value, n.unit.value])).toEqual([['Volume', '12.25', 'mL']]);
    const text = dump.stdout;
    expect(text).toMatch(/<has obs context TEXT:\(112039,DCM,"Tracking Identifier"\)="right lung">/);
    expect(text).toMatch(/<contains CODE:\(121071,DCM,"Finding"\)=\(3341006,SCT,"Right lung"\)>/);
    expect(text).toMatch(/<contains NUM:\(118565006,SCT,"Volume"\)="12.25" \(mL,UCUM,"milliliter"\)>/);
    expect(text).toMatch(/<has concept mod TEXT:\(111001,DCM,"Algorithm Name"\)="ct-lung-emphysema">/);
    expect(text).toMatch(/<has concept mod TEXT:\(111003,DCM,"Algorithm Version"\)="1.0.0">/);
    expect(text).toMatch(new RegExp(`<has concept mod TEXT:\\(111002,DCM,"Algorithm Parameters"\\)="model sha256 ${MODEL.sha256}; run ${runId}`));
    expect(text.match(/left lung|nodule|30\.5|0\.375/gi)).toBeNull();
    expect(text.match(/"Measurement Group"/g)).toHaveLength(1);
    const verify = dciodvfy(exported.file);
    expect(verify.errors, verify.output).toEqual([]);
  });
});
