// npm run bench [-- --runs N] [-- --quick] [-- --huge] [-- --json-out FILE] [-- --only import,scale,viewer,mpr,annotations,ai,vcf,vcf-annotate]
// Runs each bench item N times (default 5; --quick: 1 run on a small subset), prints one table
// (item, Precis median, reference median, ratio, goal, met/MISSED) and writes it as JSON with the
// machine it ran on to bench/results/ (or FILE). --huge adds the 500,000-instance size to the scale item
// (about 6 GB of synthetic files plus as much in the store; roughly 25 minutes per run on the reference
// machine, so about 2 hours at the default 5 runs). Exits 0 whether or not a goal is met; non-zero only
// when an item could not be measured at all. Progress goes to stderr. Items: import, scale, viewer (stack
// viewport), mpr (three-plane MPR against a bare Cornerstone3D MPR page), annotations (1,000 saved and
// restored; --quick: 100), ai (each shipped model's pipeline on the chest CT against one raw onnxruntime
// session over the same patches, and its peak memory; --quick: a 32-slice crop), vcf (a generated
// 1,000,000-record VCF.gz imported, against bcftools view and @gmod/vcf; --quick: 50,000 records),
// vcf-annotate (that file, imported, annotated by the vcf-annotate job against bcftools annotate).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

process.removeAllListeners('warning');
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({
  options: {
    runs: { type: 'string' },
    quick: { type: 'boolean', default: false },
    huge: { type: 'boolean', default: false },
    'json-out': { type: 'string' },
    only: { type: 'string' },
    help: { type: 'boolean', short: 'h', default: false },
  },
});
if (values.help) {
  process.stdout.write('usage: npm run bench [-- --runs N] [--quick] [--huge] [--json-out FILE] [--only import,scale,viewer,mpr,annotations,ai,vcf,vcf-annotate]\n');
  process.exit(0);
}
const quick = values.quick;
const runs = values.runs === undefined ? (quick ? 1 : 5) : Number(values.runs);
if (!Number.isInteger(runs) || runs < 1) {
  process.stderr.write(`--runs must be a whole number >= 1, not "${values.runs}"\n`);
  process.exit(64);
}
const ITEMS = ['import', 'scale', 'viewer', 'mpr', 'annotations', 'ai', 'vcf', 'vcf-annotate'];
const only = new Set((values.only ?? ITEMS.join(',')).split(','));
const unknown = [...only].filter((name) => !ITEMS.includes(name));
if (unknown.length > 0) {
  process.stderr.write(`--only: no item ${unknown.join(', ')} (items: ${ITEMS.join(', ')})\n`);
  process.exit(64);
}

const { checkReferences, describeMachine, machineLine } = await import('../tests/bench/machine.ts');
const { evaluate, formatMisses, formatTable, writeJson } = await import('../tests/bench/report.ts');
const { log } = await import('../tests/bench/stats.ts');

const started = Date.now();
const references = checkReferences();
for (const [name, tool] of Object.entries(references)) {
  if (tool.available) log(`reference ${name}: ${tool.version}`);
  else log(`reference ${name} MISSING: its rows will say "no reference". Install it with: ${tool.install}`);
}
const machine = describeMachine(references);
log(`machine: ${machineLine(machine)}`);
if (machine.loadAverageAtStart > machine.cores / 2) {
  log(`the machine is busy (load average ${machine.loadAverageAtStart} on ${machine.cores} cores): expect noisy figures`);
}

if (['viewer', 'mpr', 'annotations'].some((name) => only.has(name)) && !existsSync(join(root, 'out', 'renderer', 'index.html'))) {
  log('building the app once (npm run build)');
  const build = spawnSync(process.execPath, [join(root, 'scripts', 'build.mjs')], { stdio: ['ignore', 'inherit', 'inherit'] });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

const tmp = mkdtempSync(join(tmpdir(), 'precis-bench-'));
const ctx = { runs, quick, huge: values.huge, tmp, references };
const items = [
  ['import', async () => (await import('../tests/bench/import.ts')).benchImport(ctx)],
  ['scale', async () => (await import('../tests/bench/scale.ts')).benchScale(ctx)],
  ['viewer', async () => (await import('../tests/bench/viewer.ts')).benchViewer(ctx)],
  ['mpr', async () => (await import('../tests/bench/mpr.ts')).benchMpr(ctx)],
  ['annotations', async () => (await import('../tests/bench/annotations.ts')).benchAnnotations(ctx)],
  ['ai', async () => (await import('../tests/bench/ai.ts')).benchAi(ctx)],
  ['vcf', async () => (await import('../tests/bench/vcf.ts')).benchVcf(ctx)],
  ['vcf-annotate', async () => (await import('../tests/bench/vcfAnnotate.ts')).benchVcfAnnotate(ctx)],
];
const rows = [];
const failures = [];
try {
  for (const [name, run] of items) {
    if (!only.has(name)) continue;
    log(`${name}: ${runs} run(s)${quick ? ', quick subset' : ''}`);
    try {
      rows.push(...(await run()));
    } catch (error) {
      failures.push(name);
      log(`${name} could not be measured: ${error?.stack ?? error}`);
    }
  }
} finally {
  rmSync(tmp, { recursive: true, force: true });
}

const evaluated = rows.map(evaluate);
const table = formatTable(evaluated);
const misses = formatMisses(evaluated);
const date = new Date().toISOString();
const command = `npm run bench${quick || values.runs || values.huge || values.only ? ' --' : ''}${quick ? ' --quick' : ''}${values.huge ? ' --huge' : ''}${values.runs ? ` --runs ${runs}` : ''}${values.only ? ` --only ${values.only}` : ''}`;
const durationSeconds = Math.round((Date.now() - started) / 1000);
const out = values['json-out'] ?? join(root, 'bench', 'results', `${date.replaceAll(':', '-').slice(0, 19)}${quick ? '-quick' : ''}.json`);
writeJson(out, { date, command, options: { runs, quick }, machine, references, durationSeconds, rows: evaluated, table, misses });

process.stdout.write(`\n${table}\n\n${misses ? `${misses}\n\n` : ''}Machine: ${machineLine(machine)}; load average ${machine.loadAverageAtStart} at start\n`);
process.stdout.write(`Date: ${date}; ${runs} run(s) per item${quick ? ' (quick subset)' : ''}; took ${durationSeconds} s\n`);
process.stdout.write(`Rerun: ${command}\nJSON: ${out}\n`);
const missed = evaluated.filter((r) => r.status === 'MISSED').length;
process.stdout.write(`${evaluated.filter((r) => r.status === 'met').length} goals met, ${missed} missed\n`);
if (failures.length > 0) {
  process.stderr.write(`not measured: ${failures.join(', ')}\n`);
  process.exit(1);
}
