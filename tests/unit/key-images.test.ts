// Key images (issue 13, item 7): a reader marks images of a case as key and takes the mark off again,
// each change audited in the case; an image of another patient cannot be marked in this case; the export
// is a DICOM Key Object Selection document per study that DCMTK's dsrdump reads (listing exactly the
// marked images) and dicom3tools' dciodvfy finds no error in; `precis export kos --json` writes it.
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatch } from '../../main/api/dispatcher.ts';
import type { HandlerContext } from '../../main/api/types.ts';
import { openCore, type Core } from '../../main/core.ts';
import type { KeyImage, KeyObjectDocument } from '../../preload/api.ts';
import { charsetFiles, cliImport, dicomData, PASSPHRASE, pydicomFiles, removeTempDirs, runCli, tempDir } from './support/env.ts';

const CT_SMALL = join(pydicomFiles, 'CT_small.dcm');
const MR_SMALL = join(pydicomFiles, 'MR_small.dcm');
const RT_DOSE = join(pydicomFiles, 'rtdose.dcm');
const RUSSIAN = join(charsetFiles, 'chrRuss.dcm');
// A Legacy Converted Enhanced CT of 3 frames (dcmqi's test data).
const MULTIFRAME = join(dicomData, 'dcmqi', 'segmentations', '24x38x3', 'multiframe', 'mf.dcm');
const CT_SOP = '1.3.6.1.4.1.5962.1.1.1.1.1.20040119072730.12322';
const CT_STUDY = '1.3.6.1.4.1.5962.1.2.1.20040119072730.12322';
const MR_SOP = '1.3.6.1.4.1.5962.1.1.4.1.1.20040826185059.5457';

/** One attribute as dcmdump prints it ('' when empty or absent). */
function dumped(file: string, keyword: string): string {
  const line = execFileSync('dcmdump', ['+P', keyword, file], { encoding: 'utf8' }).split('\n')[0] ?? '';
  return /\[(.*)\]/.exec(line)?.[1] ?? '';
}

/** The images (and other objects) dsrdump lists in a KOS, as `<SOPInstanceUID>/<frame or "-">`, and their SOP class names. */
function dsrImages(file: string): { images: string[]; classes: string[] } {
  const out = execFileSync('dsrdump', ['+Pu', file], { encoding: 'utf8' });
  const items = [...out.matchAll(/<contains (?:IMAGE|COMPOSITE):=\(([^,]*),"([^"]+)"(?:,(\d+))?\)>/g)];
  return { images: items.map((m) => `${m[2]}/${m[3] ?? '-'}`), classes: items.map((m) => m[1] as string) };
}

/** dciodvfy's Error lines (it writes its report to stderr). */
function dciodvfyErrors(file: string): string[] {
  const run = spawnSync('dciodvfy', [file], { encoding: 'utf8' });
  return `${run.stdout}${run.stderr}`.split('\n').filter((l) => /^Error/.test(l));
}

describe('key images', () => {
  let dataDir: string;
  let core: Core;
  let ctx: HandlerContext;
  const cases: Record<string, string> = {};
  let secondStudySop = '';
  const call = async <T,>(channel: string, args: unknown): Promise<T> => {
    const envelope = await dispatch(channel, args, ctx);
    if (!envelope.ok) throw Object.assign(new Error(envelope.error.message), { code: envelope.error.code });
    return envelope.value as T;
  };
  const open = (actor: string): void => {
    core = openCore(dataDir, { kind: 'passphrase', passphrase: PASSPHRASE }, actor);
    ctx = { core, transport: 'web', emit: () => undefined };
  };
  const auditRows = (caseId: string): string[] =>
    (core.library.openCase(caseId).handles.read.prepare("SELECT actor, action, detail FROM case_audit WHERE action LIKE 'keyimage.%' ORDER BY seq").all() as Array<{ actor: string; action: string; detail: string }>)
      .map((r) => `${r.actor} ${r.action} ${r.detail}`);

  beforeAll(() => {
    dataDir = tempDir('key-images');
    // A second study of the CT patient: a copy of CT_small with new study, series and instance UIDs, a later date.
    const later = join(tempDir('key-images-src'), 'ct-later.dcm');
    copyFileSync(CT_SMALL, later);
    execFileSync('dcmodify', ['-nb', '-gst', '-gse', '-gin', '-m', 'StudyDate=20050301', '-m', 'StudyID=2CT1', '-m', 'ReferringPhysicianName=Welby^Marcus', later]);
    secondStudySop = dumped(later, 'SOPInstanceUID');
    expect(cliImport(dataDir, [CT_SMALL, later, MR_SMALL, RT_DOSE, RUSSIAN, MULTIFRAME]).report.imported).toBe(6);
    open('reader-1');
    for (const p of core.library.searchPatients('', 10)) cases[p.PatientID] = p.caseId;
  });

  afterAll(async () => {
    await core.close();
    removeTempDirs();
  });

  it('marks and unmarks images, each change audited, and keeps the marks across a restart', async () => {
    // Failing: a key image is lost on restart, or marked and unmarked without a trace in the case.
    const ct = cases['1CT1'] as string;
    expect(await call('keyImages.set', { caseId: ct, SOPInstanceUID: CT_SOP, frame: 1, key: true })).toEqual({ key: true });
    expect(await call('keyImages.set', { caseId: ct, SOPInstanceUID: secondStudySop, frame: 1, key: true })).toEqual({ key: true });
    // Marking it again changes nothing and leaves no second audit row.
    expect(await call('keyImages.set', { caseId: ct, SOPInstanceUID: CT_SOP, frame: 1, key: true })).toEqual({ key: true });
    await core.close();
    open('reader-2');
    const listed = await call<KeyImage[]>('keyImages.list', { caseId: ct });
    // The newer study first, as the study browser lists them.
    expect(listed.map((k) => [k.SOPInstanceUID, k.frame, k.markedBy])).toEqual([[secondStudySop, 1, 'reader-1'], [CT_SOP, 1, 'reader-1']]);
    expect(listed[1]).toMatchObject({ StudyInstanceUID: CT_STUDY, InstanceNumber: 1, SeriesNumber: 1, SeriesInstanceUID: '1.3.6.1.4.1.5962.1.3.1.1.20040119072730.12322' });
    expect(await call('keyImages.set', { caseId: ct, SOPInstanceUID: secondStudySop, frame: 1, key: false })).toEqual({ key: false });
    expect(await call('keyImages.set', { caseId: ct, SOPInstanceUID: secondStudySop, frame: 1, key: false })).toEqual({ key: false });
    expect((await call<KeyImage[]>('keyImages.list', { caseId: ct })).map((k) => k.SOPInstanceUID)).toEqual([CT_SOP]);
    expect(auditRows(ct)).toEqual([
      `reader-1 keyimage.mark {"SOPInstanceUID":"${CT_SOP}","frame":1}`,
      `reader-1 keyimage.mark {"SOPInstanceUID":"${secondStudySop}","frame":1}`,
      `reader-2 keyimage.unmark {"SOPInstanceUID":"${secondStudySop}","frame":1}`,
    ]);
    expect(core.library.openCase(ct).checkAudit().brokenAt).toBeNull();
  });

  it('refuses an image of another patient, a frame the image does not have, and malformed arguments', async () => {
    // Failing: a key image of one patient is filed (and exported) in another patient's case.
    const mr = cases['4MR1'] as string;
    await expect(call('keyImages.set', { caseId: mr, SOPInstanceUID: CT_SOP, frame: 1, key: true })).rejects.toMatchObject({ code: 'not-found' });
    await expect(call('keyImages.set', { caseId: mr, SOPInstanceUID: MR_SOP, frame: 2, key: true })).rejects.toMatchObject({ code: 'invalid-argument' });
    await expect(call('keyImages.set', { caseId: mr, SOPInstanceUID: MR_SOP, frame: 0, key: true })).rejects.toMatchObject({ code: 'invalid-argument' });
    await expect(call('keyImages.set', { caseId: mr, SOPInstanceUID: MR_SOP, frame: 1, key: 'yes' })).rejects.toMatchObject({ code: 'invalid-argument' });
    expect(await call('keyImages.list', { caseId: mr })).toEqual([]);
    await expect(call('case.exportKeyImages', { caseId: mr })).rejects.toMatchObject({ code: 'not-found' });
    expect(auditRows(mr)).toEqual([]);
  });

  it('exports one KOS per study that dsrdump reads as exactly the marked images, with no dciodvfy error', async () => {
    // Failing: the key images sent to a PACS are missing, extra, in the wrong study, or the document is rejected.
    const ct = cases['1CT1'] as string;
    await call('keyImages.set', { caseId: ct, SOPInstanceUID: secondStudySop, frame: 1, key: true });
    const result = await call<{ file: string; images: number; documents: KeyObjectDocument[] }>('case.exportKeyImages', { caseId: ct });
    expect(result.images).toBe(2);
    expect(result.documents.map((d) => [d.StudyInstanceUID === CT_STUDY ? 'first' : 'later', d.images])).toEqual([['later', 1], ['first', 1]]);
    expect(result.file).toBe(result.documents[0]?.file);
    expect(result.file.startsWith(join(dataDir, 'exports'))).toBe(true);
    expect(result.documents[1]?.file).toBe(result.file.replace(/\.dcm$/, '-2.dcm'));
    for (const document of result.documents) {
      const sop = document.StudyInstanceUID === CT_STUDY ? CT_SOP : secondStudySop;
      expect(dsrImages(document.file)).toEqual({ images: [`${sop}/-`], classes: ['CT image'] });
      expect(dciodvfyErrors(document.file)).toEqual([]);
      expect(dumped(document.file, 'SOPInstanceUID')).toBe(document.SOPInstanceUID);
      expect(dumped(document.file, 'StudyInstanceUID')).toBe(document.StudyInstanceUID);
      expect(dumped(document.file, 'Modality')).toBe('KO');
    }
    // Patient and study attributes are each study's own, as dcmdump reads them from its source image.
    const later = result.documents[0]?.file as string;
    expect([dumped(later, 'StudyID'), dumped(later, 'ReferringPhysicianName'), dumped(later, 'StudyDate')]).toEqual(['2CT1', 'Welby^Marcus', '20050301']);
    const first = result.documents[1]?.file as string;
    for (const keyword of ['PatientName', 'PatientID', 'StudyID', 'StudyDate', 'StudyTime', 'AccessionNumber']) expect(dumped(first, keyword), keyword).toBe(dumped(CT_SMALL, keyword));
    const rows = core.library.openCase(ct).handles.read.prepare("SELECT detail FROM case_audit WHERE action = 'case.export-kos'").pluck().all() as string[];
    expect(rows.map((r) => JSON.parse(r) as { images: number })).toEqual([{ documents: result.documents.map((d) => d.SOPInstanceUID), images: 2 }]);
  });

  it('a frame of a multi-frame image is referenced by its number, a dose grid as an object; a Cyrillic name arrives as written', async () => {
    // Failing: the PACS shows the whole multi-frame image instead of the marked frame, rejects the document, or garbles the name.
    const mf = cases['123456'] as string;
    const mfSop = dumped(MULTIFRAME, 'SOPInstanceUID');
    for (const frame of [3, 2]) await call('keyImages.set', { caseId: mf, SOPInstanceUID: mfSop, frame, key: true });
    await expect(call('keyImages.set', { caseId: mf, SOPInstanceUID: mfSop, frame: 4, key: true })).rejects.toMatchObject({ code: 'invalid-argument' });
    const mfKos = await call<{ file: string }>('case.exportKeyImages', { caseId: mf });
    expect(dsrImages(mfKos.file).images).toEqual([`${mfSop}/2`, `${mfSop}/3`]);
    expect(dciodvfyErrors(mfKos.file)).toEqual([]);

    // An RT Dose is no image to DCMTK: one COMPOSITE reference, whichever of its frames were marked.
    const dose = cases.id11111 as string;
    const doseSop = dumped(RT_DOSE, 'SOPInstanceUID');
    for (const frame of [3, 15]) await call('keyImages.set', { caseId: dose, SOPInstanceUID: doseSop, frame, key: true });
    const doseKos = await call<{ file: string }>('case.exportKeyImages', { caseId: dose });
    expect(dsrImages(doseKos.file)).toEqual({ images: [`${doseSop}/-`], classes: ['RTDoseStorage'] });
    expect(dciodvfyErrors(doseKos.file)).toEqual([]);

    const russian = cases.SCSRUSS as string;
    const scSop = dumped(RUSSIAN, 'SOPInstanceUID');
    await call('keyImages.set', { caseId: russian, SOPInstanceUID: scSop, frame: 1, key: true });
    const scKos = await call<{ file: string }>('case.exportKeyImages', { caseId: russian });
    // The oracle: DCMTK's own conversion of the source to UTF-8.
    const utf8 = join(tempDir('key-images-utf8'), 'russ.dcm');
    execFileSync('dcmconv', ['+U8', RUSSIAN, utf8]);
    expect(dumped(scKos.file, 'SpecificCharacterSet')).toBe('ISO_IR 192');
    expect(dumped(scKos.file, 'PatientName')).toBe(dumped(utf8, 'PatientName'));
    expect(dumped(scKos.file, 'PatientName')).toBe('Люкceмбypг');
    expect(dciodvfyErrors(scKos.file)).toEqual([]);
  });

  it('precis export kos --json writes the document, and never over an existing file', async () => {
    // Failing: scripts cannot export key images, or an export silently replaces an earlier one.
    await core.close();
    const out = join(tempDir('key-images-cli'), 'ct-key-images.dcm');
    const run = runCli(['export', 'kos', '--patient', '1CT1', '--out', out, '--data-dir', dataDir, '--json']);
    expect(run.code, run.stderr).toBe(0);
    const json = JSON.parse(run.stdout) as { caseId: string; file: string; images: number; SOPInstanceUID: string; documents: KeyObjectDocument[] };
    expect(json).toMatchObject({ caseId: cases['1CT1'], file: out, images: 2 });
    expect(dumped(out, 'SOPInstanceUID')).toBe(json.SOPInstanceUID);
    expect(existsSync(out.replace(/\.dcm$/, '-2.dcm'))).toBe(true);
    expect(dsrImages(out).images).toEqual([`${secondStudySop}/-`]);
    const before = readFileSync(out);
    const again = runCli(['export', 'kos', '--patient', '1CT1', '--out', out, '--data-dir', dataDir, '--json']);
    expect(again.code).not.toBe(0);
    expect(again.stderr).toMatch(/already exists/);
    expect(readFileSync(out).equals(before)).toBe(true);
    const text = runCli(['export', 'kos', '--patient', '1CT1', '--out', out.replace(/\.dcm$/, '-b.dcm'), '--data-dir', dataDir]);
    expect(text.stdout).toMatch(/^exported 1 key image of study .+ to .+-b\.dcm$/m);
    open('reader-2');
  });
});
