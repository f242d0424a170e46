// Issue 15, item 8, annotation: the vcf item's generated 1,000,000-record VCF.gz (--quick: 50,000),
// imported once (not timed), then annotated by the vcf-annotate job in an open core (ClinVar pack
// loaded and verified, every stored variant looked up, called and its annotation stored in the
// encrypted case file), against `bcftools annotate -a clinvar -c ID,INFO/CLNSIG,INFO/CLNREVSTAT` on the
// same file to /dev/null with the same ClinVar release (BGZF-recompressed, indexed and renamed to the
// file's chr names outside its timing), as records per second. Goal: at least 0.5x bcftools annotate.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { openCore, type Core } from '../../main/core.ts';
import { startVcfImport } from '../../main/services/genomics/index.ts';
import { startAnnotation } from '../../main/services/knowledge/index.ts';
import { loadKnowledge } from '../../main/services/knowledge/load.ts';
import { importPack } from '../../main/services/knowledge/packs.ts';
import { freshDir, PASSPHRASE, REPO_ROOT, remove, type BenchContext } from './context.ts';
import { missing } from './machine.ts';
import type { Row } from './report.ts';
import { log, median } from './stats.ts';
import { generateVcf } from './vcf.ts';

const CLINVAR = join(REPO_ROOT, '..', 'shared', 'data', 'genomics', 'clinvar-20260226-cancer-genes', 'clinvar.vcf.gz');
const RECORDS = 1_000_000;
const QUICK_RECORDS = 50_000;

async function attach(core: Core, patient: string, path: string): Promise<string> {
  const status = await startVcfImport(core, { patient, path, build: 'GRCh38', testType: 'germline', skipBadLines: false }).finished;
  if (!status.report?.file) throw new Error(`vcf import: ${status.state} ${status.error?.message ?? ''}`);
  return status.report.caseId;
}

/** The ClinVar release as bcftools needs it: BGZF, indexed, chromosomes named as the file names them. */
function clinvarForBcftools(dir: string): string {
  const out = join(dir, 'clinvar.chr.vcf.gz');
  const rename = `BEGIN { OFS = "\\t" } /^#/ { print; next } { $1 = "chr" $1; print }`;
  const run = spawnSync('sh', ['-c', `gzip -dc "${CLINVAR}" | awk -F '\\t' '${rename}' | bgzip -c > "${out}" && tabix -p vcf "${out}"`], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`preparing ClinVar for bcftools failed: ${run.stderr}`);
  return out;
}

export async function benchVcfAnnotate(ctx: BenchContext): Promise<Row[]> {
  const count = ctx.quick ? QUICK_RECORDS : RECORDS;
  const dir = freshDir(ctx, 'vcf-annotate');
  log(`vcf-annotate: generating ${count.toLocaleString('en')} records (bgzip), importing them (not timed)`);
  const file = generateVcf(dir, count);
  const warm = generateVcf(freshDir(ctx, 'vcf-annotate-warm'), 100);
  const bcftoolsMissing = spawnSync('bcftools', ['--version']).status !== 0;
  const clinvar = bcftoolsMissing ? '' : clinvarForBcftools(dir);
  // bcftools annotate reads the file and the annotations side by side, through their indexes.
  if (!bcftoolsMissing) spawnSync('tabix', ['-f', '-p', 'vcf', file]);
  const dataDir = freshDir(ctx, 'vcf-annotate-data');
  const core = openCore(dataDir, { kind: 'passphrase', passphrase: PASSPHRASE }, 'bench');
  const precis: number[] = [];
  const bcftools: number[] = [];
  let matched = 0;
  let loadSeconds = 0;
  try {
    await importPack(core.library, CLINVAR, { actor: 'bench' });
    const caseId = await attach(core, 'bench', file);
    // Where the time goes: the part of each run spent loading (hash-checking, indexing) the ClinVar pack.
    const loadStarted = performance.now();
    await loadKnowledge(core.library, 'GRCh38');
    loadSeconds = (performance.now() - loadStarted) / 1000;
    // Warm: the first job loads the worker thread and its modules, as a running app has done already.
    await startAnnotation(core, { caseId: await attach(core, 'warm', warm) }).finished;
    for (let run = 0; run < ctx.runs; run++) {
      const started = performance.now();
      const status = await startAnnotation(core, { caseId }).finished;
      const seconds = (performance.now() - started) / 1000;
      if (!status.report) throw new Error(`vcf-annotate: ${status.state} ${status.error?.message ?? ''}`);
      matched = status.report.files[0]?.clinvarMatches ?? 0;
      precis.push(count / seconds);
      if (!bcftoolsMissing) {
        const t = performance.now();
        const ref = spawnSync('bcftools', ['annotate', '-a', clinvar, '-c', 'ID,INFO/CLNSIG,INFO/CLNREVSTAT', '-Ou', '-o', '/dev/null', file], { encoding: 'utf8' });
        if (ref.status !== 0) throw new Error(`bcftools annotate failed: ${ref.stderr}`);
        bcftools.push(count / ((performance.now() - t) / 1000));
      }
      log(`vcf-annotate run ${run + 1}: Precis ${Math.round(precis.at(-1)!)} records/s, bcftools annotate ${Math.round(bcftools.at(-1) ?? 0)}`);
    }
  } finally {
    await core.close();
    remove(dataDir);
    remove(dir);
  }
  return [{
    id: 'vcf-annotate.clinvar.vs-bcftools',
    item: `VCF annotation with ClinVar, ${count.toLocaleString('en')} records (job: look up, call, store)`,
    unit: 'records/s',
    precisRuns: precis,
    referenceRuns: bcftools,
    referenceLabel: 'bcftools annotate (to /dev/null)',
    goal: { kind: 'ratioAtLeast', limit: 0.5, text: '>= 0.5x bcftools annotate' },
    ...(bcftoolsMissing ? { noReference: missing('bcftools', { available: false, command: 'bcftools', version: null, install: 'sudo apt-get install -y bcftools tabix' }) } : {}),
    details: { records: count, clinvarMatches: matched, precisMedian: median(precis), clinvarLoadSeconds: loadSeconds },
    missedBecause: `loading the ClinVar pack (sha256 check and index of its 69,312 records) takes ${loadSeconds.toFixed(1)} s of each run; the rest reads the stored variants from the encrypted case file, looks each up and writes a row for those knowledge mentions, where bcftools writes nothing (-o /dev/null)`,
  }];
}
