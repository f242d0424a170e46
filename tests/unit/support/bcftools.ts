// bcftools as the independent reference for VCF reading: which variants a sample carries
// (`bcftools view -s S | bcftools norm -m -any | bcftools view -H -i 'GT="alt"'`) and whether a file
// is refused. Many test VCFs leave contigs, INFO, FORMAT or FILTER ids out of their header; bcftools
// reads them with a warning but cannot pass them down a pipe (or subset samples), so the reference
// declares them first (Type=String, Number=.), as `bcftools` itself suggests.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { sharedData, tempDir } from './env.ts';

export const GENOMICS = join(sharedData, 'genomics');

/** Every VCF of the shared genomics data (plain and gzip), relative to GENOMICS. */
export function sharedVcfs(dir = ''): string[] {
  return readdirSync(join(GENOMICS, dir)).sort().flatMap((name) => {
    const path = join(dir, name);
    if (statSync(join(GENOMICS, path)).isDirectory()) return sharedVcfs(path);
    return /\.vcf(\.gz)?$/.test(name) ? [path] : [];
  });
}

export function vcfText(path: string): string {
  const bytes = readFileSync(path);
  return (bytes[0] === 0x1f && bytes[1] === 0x8b ? gunzipSync(bytes) : bytes).toString('utf8');
}

function declareMissing(text: string): { text: string; hasGenotypes: boolean } {
  const lines = text.split('\n');
  const columns = lines.findIndex((line) => line.startsWith('#CHROM'));
  const header = lines.slice(0, columns).join('\n');
  const declared = (kind: string, id: string): boolean => header.includes(`##${kind}=<ID=${id},`) || header.includes(`##${kind}=<ID=${id}>`);
  const wanted = new Map<string, Set<string>>([['contig', new Set()], ['INFO', new Set()], ['FORMAT', new Set()], ['FILTER', new Set()]]);
  let hasGenotypes = false;
  for (const line of lines.slice(columns + 1)) {
    const f = line.split('\t');
    if (f.length < 8) continue;
    wanted.get('contig')!.add(f[0]!);
    for (const filter of f[6]!.split(';')) if (filter !== '.' && filter !== 'PASS') wanted.get('FILTER')!.add(filter);
    for (const item of f[7]!.split(';')) if (item !== '.') wanted.get('INFO')!.add(item.split('=')[0]!);
    for (const key of (f[8] ?? '').split(':')) if (key) wanted.get('FORMAT')!.add(key);
    if (f.length > 9 && f[8]!.split(':').includes('GT')) hasGenotypes = true;
  }
  const extra: string[] = [];
  for (const [kind, ids] of wanted) {
    for (const id of ids) {
      if (declared(kind, id)) continue;
      if (kind === 'contig') extra.push(`##contig=<ID=${id}>`);
      else if (kind === 'FILTER') extra.push(`##FILTER=<ID=${id},Description="x">`);
      else extra.push(`##${kind}=<ID=${id},Number=${id === 'GT' ? 1 : '.'},Type=String,Description="x">`);
    }
  }
  lines.splice(columns, 0, ...extra);
  return { text: lines.join('\n'), hasGenotypes };
}

function run(script: string): { ok: boolean; stdout: string; stderr: string } {
  const result = spawnSync('bash', ['-o', 'pipefail', '-c', script], { encoding: 'utf8', maxBuffer: 1 << 28 });
  return { ok: result.status === 0, stdout: result.stdout, stderr: result.stderr };
}

export type BcftoolsCount = { ok: true; count: number } | { ok: false; error: string };

/**
 * What bcftools makes of `file` (absolute) for `sample` (null: a sites-only file): the number of
 * split ALT alleles the sample carries (every record's, when the file has no genotypes), or the
 * error with which it refuses the file.
 */
export function bcftoolsCarried(file: string, sample: string | null): BcftoolsCount {
  const own = run(`bcftools view '${file}' > /dev/null`);
  if (!own.ok) return { ok: false, error: own.stderr };
  const { text, hasGenotypes } = declareMissing(vcfText(file));
  const declared = join(tempDir('bcftools-'), 'declared.vcf');
  writeFileSync(declared, text);
  const subset = sample === null ? `bcftools view '${declared}'` : `bcftools view -s '${sample}' '${declared}'`;
  // No ALT ('.') is no variant: a sample's GT cannot carry one, and a sites-only file lists none.
  const carried = hasGenotypes && sample !== null ? `-i 'GT="alt"'` : `-e 'ALT="."'`;
  const result = run(`${subset} | bcftools norm -m -any | bcftools view -H ${carried} | wc -l`);
  return result.ok ? { ok: true, count: Number(result.stdout.trim()) } : { ok: false, error: result.stderr };
}
