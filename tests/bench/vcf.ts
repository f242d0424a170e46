// Issue 15, item 8, VCF import: a generated single-sample VCF.gz (BGZF) of 1,000,000 records (--quick:
// 50,000), imported by the vcf-import job in an open core (parse, split, trim and store into the
// encrypted case file; key derivation and process start excluded, as in import's in-process row),
// against `bcftools view` of the same file to /dev/null and @gmod/vcf parsing it (parseLine and the
// genotypes of every line, streamed through zlib), as records per second on the same machine.
// Goals: at least 0.5x bcftools view, at least 1x @gmod/vcf.
import { spawnSync } from 'node:child_process';
import { closeSync, createReadStream, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { createGunzip } from 'node:zlib';
import VCF from '@gmod/vcf';
import { openCore } from '../../main/core.ts';
import { startVcfImport } from '../../main/services/genomics/index.ts';
import { VcfReader } from '../../main/genomics/vcf/index.ts';
import { freshDir, PASSPHRASE, remove, type BenchContext } from './context.ts';
import { missing } from './machine.ts';
import type { Row } from './report.ts';
import { log, seededRandom } from './stats.ts';

const RECORDS = 1_000_000;
const QUICK_RECORDS = 50_000;
const BASES = 'ACGT';

/** Writes `count` records over chromosomes 1-22 (SNVs, indels, some multi-allelic and hom-ref), bgzipped. */
export function generateVcf(dir: string, count: number): string {
  const path = join(dir, 'bench.vcf');
  const random = seededRandom(15);
  const fd = openSync(path, 'w');
  const header = ['##fileformat=VCFv4.2', '##reference=GRCh38', ...Array.from({ length: 22 }, (_, i) => `##contig=<ID=chr${i + 1}>`),
    '##INFO=<ID=DP,Number=1,Type=Integer,Description="Depth">', '##FORMAT=<ID=GT,Number=1,Type=String,Description="Genotype">',
    '##FORMAT=<ID=AD,Number=R,Type=Integer,Description="Allelic depths">', '##FORMAT=<ID=DP,Number=1,Type=Integer,Description="Depth">',
    '##FORMAT=<ID=AF,Number=A,Type=Float,Description="Allele fraction">', '#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\tTUMOR'];
  let chunk = `${header.join('\n')}\n`;
  const perChrom = Math.ceil(count / 22);
  for (let i = 0; i < count; i++) {
    const chrom = `chr${Math.floor(i / perChrom) + 1}`;
    const pos = 10_000 + (i % perChrom) * 150 + Math.floor(random() * 100);
    const ref = BASES[Math.floor(random() * 4)]!;
    const other = BASES[(BASES.indexOf(ref) + 1 + Math.floor(random() * 3)) % 4]!;
    const kind = random();
    const dp = 20 + Math.floor(random() * 200);
    const alt = Math.floor(random() * dp);
    const [refText, altText, gt, ad, af] = kind < 0.03 ? [ref, `${other},${ref}T`, '1/2', `${dp - alt - 2},${alt},2`, `${(alt / dp).toFixed(3)},${(2 / dp).toFixed(3)}`]
      : kind < 0.08 ? [`${ref}${other}${other}`, ref, '0/1', `${dp - alt},${alt}`, (alt / dp).toFixed(3)]
      : kind < 0.12 ? [ref, `${ref}${other}`, '0/1', `${dp - alt},${alt}`, (alt / dp).toFixed(3)]
      : kind < 0.15 ? [ref, other, '0/0', `${dp},0`, '0']
      : [ref, other, '0/1', `${dp - alt},${alt}`, (alt / dp).toFixed(3)];
    chunk += `${chrom}\t${pos}\t.\t${refText}\t${altText}\t${(30 + random() * 60).toFixed(1)}\tPASS\tDP=${dp}\tGT:AD:DP:AF\t${gt}:${ad}:${dp}:${af}\n`;
    if (chunk.length > 1 << 20) {
      writeSync(fd, chunk);
      chunk = '';
    }
  }
  writeSync(fd, chunk);
  closeSync(fd);
  const bgzip = spawnSync('bgzip', ['-f', '-@', '2', path], { encoding: 'utf8' });
  if (bgzip.status !== 0) throw new Error(`bgzip failed: ${bgzip.stderr}`);
  return `${path}.gz`;
}

async function precisImport(ctx: BenchContext, file: string, warmFile: string): Promise<number> {
  const dataDir = freshDir(ctx, 'vcf-data');
  const core = openCore(dataDir, { kind: 'passphrase', passphrase: PASSPHRASE }, 'bench');
  try {
    const input = { path: file, build: 'GRCh38' as const, testType: 'somatic' as const, skipBadLines: false };
    // Warm: the first job loads the worker thread and its modules, as a running app has done already.
    await startVcfImport(core, { ...input, path: warmFile, patient: 'warm' }).finished;
    const started = performance.now();
    const status = await startVcfImport(core, { ...input, patient: 'bench' }).finished;
    const seconds = (performance.now() - started) / 1000;
    if (!status.report?.file) throw new Error(`vcf import: ${status.state} ${status.error?.message ?? ''}`);
    return seconds;
  } finally {
    await core.close();
    remove(dataDir);
  }
}

/** The reader alone (decompress, split, trim, depths; nothing stored), for where the time goes. */
async function parseOnly(file: string): Promise<number> {
  const started = performance.now();
  const reader = await VcfReader.open(file);
  let variants = 0;
  for await (const batch of reader.variants(0, 'stop')) variants += batch.variants.length;
  if (variants === 0) throw new Error('the reader read no variants');
  return (performance.now() - started) / 1000;
}

function bcftoolsView(file: string): number {
  const started = performance.now();
  const run = spawnSync('bcftools', ['view', '-o', '/dev/null', file], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`bcftools view failed: ${run.stderr}`);
  return (performance.now() - started) / 1000;
}

async function gmodParse(file: string): Promise<number> {
  const started = performance.now();
  const lines = createInterface({ input: createReadStream(file).pipe(createGunzip()), crlfDelay: Infinity });
  const header: string[] = [];
  let parser: VCF | null = null;
  let carried = 0;
  for await (const line of lines) {
    if (parser === null) {
      header.push(line);
      if (line.startsWith('#CHROM')) parser = new VCF({ header: header.join('\n') });
      continue;
    }
    const variant = parser.parseLine(line);
    if (variant.GENOTYPES().TUMOR !== '0/0') carried++;
  }
  if (carried === 0) throw new Error('@gmod/vcf read no variants');
  return (performance.now() - started) / 1000;
}

export async function benchVcf(ctx: BenchContext): Promise<Row[]> {
  const count = ctx.quick ? QUICK_RECORDS : RECORDS;
  const dir = freshDir(ctx, 'vcf');
  log(`vcf: generating ${count.toLocaleString('en')} records (bgzip)`);
  const file = generateVcf(dir, count);
  const warm = generateVcf(freshDir(ctx, 'vcf-warm'), 100);
  const precis: number[] = [];
  const bcftools: number[] = [];
  const gmod: number[] = [];
  const parse: number[] = [];
  const bcftoolsMissing = spawnSync('bcftools', ['--version']).status !== 0;
  for (let run = 0; run < ctx.runs; run++) {
    precis.push(count / (await precisImport(ctx, file, warm)));
    if (!bcftoolsMissing) bcftools.push(count / bcftoolsView(file));
    gmod.push(count / (await gmodParse(file)));
    parse.push(count / (await parseOnly(file)));
    log(`vcf run ${run + 1}: Precis ${Math.round(precis.at(-1)!)} records/s, bcftools view ${Math.round(bcftools.at(-1) ?? 0)}, @gmod/vcf ${Math.round(gmod.at(-1)!)}`);
  }
  remove(dir);
  const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
  const missedBecause = `the reader alone (no store) reads ${Math.round(median(parse))} records/s; the rest of the import is hashing the file and inserting the variants into the encrypted case file`;
  const item = `VCF.gz import, ${count.toLocaleString('en')} records (parse + store)`;
  return [
    {
      id: 'vcf.import.vs-bcftools', item, unit: 'records/s', precisRuns: precis, referenceRuns: bcftools, referenceLabel: 'bcftools view (to /dev/null)',
      goal: { kind: 'ratioAtLeast', limit: 0.5, text: '>= 0.5x bcftools view' }, missedBecause, details: { parseOnlyRecordsPerSecond: parse },
      ...(bcftoolsMissing ? { noReference: missing('bcftools', { available: false, command: 'bcftools', version: null, install: 'sudo apt-get install -y bcftools' }) } : {}),
    },
    {
      id: 'vcf.import.vs-gmod-vcf', item, unit: 'records/s', precisRuns: precis, referenceRuns: gmod, referenceLabel: '@gmod/vcf parseLine + GENOTYPES()',
      goal: { kind: 'ratioAtLeast', limit: 1, text: '>= 1x @gmod/vcf' }, missedBecause,
    },
  ];
}
