// Item 1, import: `precis import` of the chest CT folder and of all shared DICOM data into a fresh
// data directory (page cache warm, case files encrypted as in production), against `cp -r` of the same
// folder to the same disk (the I/O floor), a pydicom header scan of the same files and, for
// information, a DCMTK header scan. Every CLI clock is the wall time of one child process, start to
// exit (the pre-bundled CLI, built first, as shipped). The in-process row times the import job of an
// open core (importInProcess.ts), the app's and web host's import, against the same `cp -r`.
// Goals: in-process <= 2x cp -r; CLI (process start and key derivation included) <= pydicom's scan.
import { spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CHUNK_BYTES, ChunkSealer } from '../../main/dicom/storeCipher.ts';
import { newKeyEntry } from '../../main/security/keys.ts';
import { CHEST_CT, freshDir, PASSPHRASE, precisImport, remove, REPO_ROOT, SHARED_DICOM, subsetFolder, type BenchContext } from './context.ts';
import { importInProcess } from './importInProcess.ts';
import { DCMDUMP, missing, PYTHON } from './machine.ts';
import type { Row } from './report.ts';
import { kbToMb, log, median } from './stats.ts';

const PYDICOM_SCAN = `
import json, resource, sys, time
started = time.perf_counter()
import pydicom
ok = failed = 0
for path in open(sys.argv[1], encoding='utf-8').read().splitlines():
    try:
        pydicom.dcmread(path, stop_before_pixels=True)
        ok += 1
    except Exception:
        failed += 1
# VmHWM, as the Precis child reports it (ru_maxrss would carry the bench process' memory across exec).
hwm = [int(l.split()[1]) for l in open('/proc/self/status') if l.startswith('VmHWM:')]
print(json.dumps({'ok': ok, 'failed': failed, 'scan_ms': (time.perf_counter() - started) * 1000,
                  'maxrss_kb': hwm[0] if hwm else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}))
`;

/** Every regular file under a folder, as `precis import` walks it. */
function filesUnder(folder: string): string[] {
  return readdirSync(folder, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name))
    .sort();
}

function timed(command: string, args: string[]): { ms: number; stdout: string } {
  const started = performance.now();
  const run = spawnSync(command, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, stdio: ['ignore', 'pipe', 'ignore'] });
  const ms = performance.now() - started;
  if (run.error) throw run.error;
  return { ms, stdout: run.stdout };
}

interface Subject {
  key: string;
  label: string;
  folder: string;
  files: string[];
}

function quickSubset(ctx: BenchContext, label: string, files: string[], count: number): Subject {
  const folder = subsetFolder(ctx, label, files.slice(0, count));
  return { key: label, label, folder, files: filesUnder(folder) };
}

function subjects(ctx: BenchContext): Subject[] {
  const chest = filesUnder(CHEST_CT);
  const all = filesUnder(SHARED_DICOM);
  if (ctx.quick) {
    const ct = quickSubset(ctx, 'chest-ct', chest.filter((f) => f.endsWith('.dcm')), 20);
    const mixed = quickSubset(ctx, 'all', all.filter((f) => !f.includes('lidc-idri')), 60);
    return [
      { ...ct, label: 'chest CT, quick subset' },
      { ...mixed, label: 'all shared DICOM, quick subset' },
    ];
  }
  return [
    { key: 'chest-ct', label: 'chest CT', folder: CHEST_CT, files: chest },
    { key: 'all', label: 'all shared DICOM', folder: SHARED_DICOM, files: all },
  ];
}

interface Samples {
  precis: number[];
  inProcess: number[];
  peakRssMb: number[];
  imported: number[];
  cp: number[];
  pydicom: number[];
  pydicomScan: number[];
  pydicomRssMb: number[];
  dcmtk: number[];
  /** Where the time goes: the CLI importing an empty folder (process start, modules, key, job thread),
   *  scrypt alone, and sha256 + AES-256-GCM of the subject's bytes on one core. */
  cliStartup: number[];
  kdf: number[];
  crypto: number[];
  bytes: number;
}

/** Seconds to hash (sha256) and seal (AES-256-GCM, the store's chunks) every file, as the import does. */
function cryptoSeconds(files: readonly string[]): { seconds: number; bytes: number } {
  const contents = files.map((f) => readFileSync(f));
  const key = randomBytes(32);
  const started = performance.now();
  for (const bytes of contents) {
    createHash('sha256').update(bytes).digest();
    const sealer = new ChunkSealer(key, 'bench');
    const chunks = Math.max(1, Math.ceil(bytes.length / CHUNK_BYTES));
    for (let k = 0; k < chunks; k++) sealer.sealParts(bytes.subarray(k * CHUNK_BYTES, (k + 1) * CHUNK_BYTES), k === chunks - 1);
  }
  return { seconds: (performance.now() - started) / 1000, bytes: contents.reduce((n, b) => n + b.length, 0) };
}

async function measure(ctx: BenchContext, subject: Subject): Promise<Samples> {
  const s: Samples = { precis: [], inProcess: [], peakRssMb: [], imported: [], cp: [], pydicom: [], pydicomScan: [], pydicomRssMb: [], dcmtk: [], cliStartup: [], kdf: [], crypto: [], bytes: 0 };
  const empty = join(ctx.tmp, 'import-empty');
  mkdirSync(empty, { recursive: true });
  const list = join(ctx.tmp, `files-${subject.key}.txt`);
  writeFileSync(list, subject.files.join('\n'));
  for (const file of subject.files) readFileSync(file); // page cache warm for every contender
  for (let run = 0; run < ctx.runs; run++) {
    const dataDir = freshDir(ctx, 'import-data');
    const result = precisImport(ctx, [subject.folder], dataDir);
    remove(dataDir);
    s.precis.push(result.wallMs / 1000);
    s.peakRssMb.push(kbToMb(result.peakRssKb));
    s.imported.push(result.imported);
    s.inProcess.push((await importInProcess(ctx, subject.folder)).seconds);

    const copyParent = freshDir(ctx, 'cp');
    s.cp.push(timed('cp', ['-r', subject.folder, join(copyParent, 'copy')]).ms / 1000);
    remove(copyParent);

    if (ctx.references.pydicom.available) {
      const py = timed(PYTHON, ['-c', PYDICOM_SCAN, list]);
      const out = JSON.parse(py.stdout) as { scan_ms: number; maxrss_kb: number };
      s.pydicom.push(py.ms / 1000);
      s.pydicomScan.push(out.scan_ms / 1000);
      s.pydicomRssMb.push(kbToMb(out.maxrss_kb));
    }
    const startupDir = freshDir(ctx, 'import-startup');
    s.cliStartup.push(precisImport(ctx, [empty], startupDir).wallMs / 1000);
    remove(startupDir);
    const kdfStarted = performance.now();
    newKeyEntry({ kind: 'passphrase', passphrase: PASSPHRASE });
    s.kdf.push((performance.now() - kdfStarted) / 1000);
    const crypto = cryptoSeconds(subject.files);
    s.crypto.push(crypto.seconds);
    s.bytes = crypto.bytes;

    if (ctx.references.dcmtk.available) {
      s.dcmtk.push(timed(DCMDUMP, ['-q', '+sb', '7fe0,0010', ...subject.files]).ms / 1000);
    }
    log(`import ${subject.key} run ${run + 1}/${ctx.runs}: precis ${result.wallMs.toFixed(0)} ms (${result.imported} imported), in-process ${(s.inProcess.at(-1)! * 1000).toFixed(0)} ms, cp ${(s.cp.at(-1)! * 1000).toFixed(0)} ms, pydicom ${s.pydicom.length ? (s.pydicom.at(-1)! * 1000).toFixed(0) : '—'} ms`);
  }
  return s;
}

/** The CLI as shipped: bin/precis.mjs runs out/cli when it is newer than the sources. */
export function buildCli(): void {
  const build = spawnSync(process.execPath, [join(REPO_ROOT, 'scripts', 'buildCli.mjs')], { encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`scripts/buildCli.mjs failed: ${build.stderr}`);
  log(build.stdout.trim());
}

export async function benchImport(ctx: BenchContext): Promise<Row[]> {
  const rows: Row[] = [];
  const { pydicom, dcmtk } = ctx.references;
  buildCli();
  for (const subject of subjects(ctx)) {
    const s = await measure(ctx, subject);
    const what = `${subject.label} (${subject.files.length} files, ${median(s.imported)} imported)`;
    const details = { files: subject.files.length, imported: s.imported, precisPeakRssMb: s.peakRssMb, pydicomScanOnlySeconds: s.pydicomScan, cliStartupSeconds: s.cliStartup, scryptSeconds: s.kdf, sha256AndAesSeconds: s.crypto, bytes: s.bytes };
    const base = { unit: 's', precisRuns: s.precis, details };
    const f = (values: number[]): string => `${(median(values) ?? Number.NaN).toFixed(3)} s`;
    const mb = `${(s.bytes / 1e6).toFixed(0)} MB`;
    const inProcessWhy = `of the job's ${f(s.inProcess)}, sha256 (repeat detection, integrity) and AES-256-GCM (encryption at rest) of the ${mb} take ${f(s.crypto)} of CPU on the job's one thread, which cp does not do at all (cp -r ${f(s.cp)}); the rest is reading each file twice (headers, then all its bytes), writing and renaming ${subject.files.length} encrypted files, and committing each series in its case file.`;
    const cliWhy = `the CLI's ${f(s.precis)} = ${f(s.cliStartup)} before any file is read (process start, modules, scrypt key derivation ${f(s.kdf)}, library open, job thread: the CLI importing an empty folder) + the import itself (in an open core: ${f(s.inProcess)}, see the row above); pydicom reads the headers only (stop_before_pixels: it never reads the pixel data) and writes nothing, while the import reads, hashes, encrypts and writes all ${mb}.`;
    rows.push({
      ...base,
      precisRuns: s.inProcess,
      id: `import.${subject.key}.in-process-vs-cp`,
      item: `Import ${what}, job in an open core (app, web host) vs cp -r`,
      referenceRuns: s.cp,
      referenceLabel: 'cp -r, same disk',
      goal: { kind: 'ratioAtMost', limit: 2, text: '<= 2.0x cp -r' },
      missedBecause: inProcessWhy,
    });
    rows.push({
      ...base,
      id: `import.${subject.key}.vs-cp`,
      item: `Import ${what}, CLI vs cp -r`,
      referenceRuns: s.cp,
      referenceLabel: 'cp -r, same disk',
      goal: { kind: 'info', text: '(information)' },
    });
    rows.push({
      ...base,
      id: `import.${subject.key}.vs-pydicom`,
      item: `Import ${what}, CLI vs pydicom header scan`,
      referenceRuns: s.pydicom,
      referenceLabel: 'pydicom dcmread(stop_before_pixels), wall incl. python start',
      ...(pydicom.available ? {} : { noReference: missing('pydicom', pydicom) }),
      goal: { kind: 'ratioAtMost', limit: 1, text: '<= 1.0x pydicom (no slower)' },
      missedBecause: cliWhy,
    });
    rows.push({
      ...base,
      id: `import.${subject.key}.vs-dcmtk`,
      item: `Import ${what}, CLI vs DCMTK header scan`,
      referenceRuns: s.dcmtk,
      referenceLabel: 'dcmdump +sb 7fe0,0010, one process',
      ...(dcmtk.available ? {} : { noReference: missing('dcmtk', dcmtk) }),
      goal: { kind: 'info', text: '(information)' },
    });
    rows.push({
      id: `import.${subject.key}.peak-rss`,
      item: `Import ${what}: peak RSS of the import process`,
      unit: 'MB',
      precisRuns: s.peakRssMb,
      referenceRuns: s.pydicomRssMb,
      referenceLabel: 'pydicom scan peak RSS',
      ...(pydicom.available ? {} : { noReference: missing('pydicom', pydicom) }),
      goal: subject.key === 'chest-ct' ? { kind: 'valueAtMost', limit: 300, text: '<= 300 MB' } : { kind: 'info', text: '(information)' },
    });
  }
  return rows;
}
