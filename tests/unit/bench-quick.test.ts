// `npm run bench -- --quick` on a small subset, so the bench cannot rot: it must still run end to end,
// print its table and write its JSON with every row, a Precis figure and a reference figure (or an
// explicit "no reference" naming the missing tool's install command). It never asserts a time: if it
// failed, a maintainer would find `npm run bench` broken, or a row silently gone from the README table.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { BenchResult, EvaluatedRow } from '../bench/report.ts';
import { removeTempDirs, repoRoot, tempDir } from './support/env.ts';

const QUERIES = ['name-prefix', 'patient-ID', 'series-listing', 'instance-listing'];
const FIXED_ROWS = [
  'import.chest-ct.vs-cp',
  'import.chest-ct.vs-pydicom',
  'import.chest-ct.vs-dcmtk',
  'import.chest-ct.peak-rss',
  'import.all.vs-cp',
  'import.all.vs-pydicom',
  'import.all.vs-dcmtk',
  'import.all.peak-rss',
  'viewer.first-image',
  'viewer.scroll-cold',
  'viewer.scroll-cached',
  'memory.renderer-series-loaded',
  'memory.leak-growth',
  'memory.web-host-after-import',
  'ai.ct-lung-emphysema.pipeline-vs-raw',
  'ai.ct-lung-emphysema.peak-memory',
  'vcf.import.vs-bcftools',
  'vcf.import.vs-gmod-vcf',
  'vcf-annotate.clinvar.vs-bcftools',
];

afterAll(removeTempDirs);

describe('npm run bench -- --quick', () => {
  it('prints the table and writes the JSON with every row, its figure and its reference', { timeout: 600_000 }, () => {
    const out = join(tempDir('bench'), 'quick.json');
    const run = spawnSync(process.execPath, [join(repoRoot, 'scripts', 'bench.mjs'), '--quick', '--json-out', out], {
      cwd: repoRoot,
      encoding: 'utf8',
      timeout: 580_000,
    });
    expect(run.status, run.stderr.slice(-4000)).toBe(0);
    const result = JSON.parse(readFileSync(out, 'utf8')) as BenchResult;

    expect(result.options).toEqual({ runs: 1, quick: true });
    for (const key of ['cpuModel', 'cores', 'memoryGiB', 'os', 'node'] as const) expect(result.machine[key], key).toBeTruthy();

    const byId = new Map<string, EvaluatedRow>(result.rows.map((r) => [r.id, r]));
    const sizes = [...byId.keys()].filter((id) => id.startsWith('scale.import-per-instance.')).map((id) => id.split('.').at(-1));
    expect(sizes.length, 'scale sizes').toBeGreaterThanOrEqual(2);
    const expected = [
      ...FIXED_ROWS,
      ...sizes.map((n) => `scale.import-per-instance.${n}`),
      ...QUERIES.flatMap((q) => sizes.map((n) => `scale.p95.${q}.${n}`)),
    ];
    for (const id of expected) {
      const row = byId.get(id);
      expect(row, `row ${id}`).toBeDefined();
      if (!row) continue;
      if (row.noReference) {
        // A missing reference tool is named with the command that installs it.
        expect(row.noReference, id).toMatch(/missing \(sudo apt-get install -y [\w-]+\)/);
        expect(row.reference, id).toBeNull();
      } else {
        expect(Number.isFinite(row.precis), `${id}: Precis figure`).toBe(true);
        expect(Number.isFinite(row.reference), `${id}: reference figure`).toBe(true);
        expect(row.referenceLabel, id).toBeTruthy();
        expect(['met', 'MISSED', 'info'], id).toContain(row.status);
      }
      expect(run.stdout, `printed row ${id}`).toContain(row.item);
    }
    expect(run.stdout).toContain('| item ');
    expect(result.table).toContain('| item ');
  });
});
