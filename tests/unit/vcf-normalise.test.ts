// Left-alignment and trimming against the GRCh38 cancer-gene regions equal `bcftools norm -f` on the
// same records. The test writes right-shifted and non-minimal indels, MNPs and SNVs from the
// reference itself; bcftools reads them in the FASTA's region coordinates (sequences named
// `chr17:7651779-7697538`), and its answers are mapped back to genome positions.
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { normalise } from '../../main/genomics/normalise/index.ts';
import { IndexedFasta } from '../../main/genomics/reference/index.ts';
import { sampleIndex, VcfReader } from '../../main/genomics/vcf/index.ts';
import { GENOMICS } from './support/bcftools.ts';
import { removeTempDirs, tempDir } from './support/env.ts';

const FASTA = join(GENOMICS, 'grch38-cancer-regions/GRCh38_cancer_regions.fa');
const REGIONS = [
  { name: 'chr17:7651779-7697538', chrom: 'chr17', start: 7651779, length: 45760 },
  { name: 'chr17:43000001-43200000', chrom: 'chr17', start: 43000001, length: 200000 },
  { name: 'chr13:32300001-32500000', chrom: 'chr13', start: 32300001, length: 200000 },
];

afterAll(removeTempDirs);

/** A small deterministic generator, so that a failure can be replayed. */
function random(seed: number): () => number {
  let state = seed;
  return () => ((state = (state * 1103515245 + 12345) % 2147483648) / 2147483648);
}

interface TestRecord { id: string; chrom: string; pos: number; ref: string; alt: string }

/** Indels at the right end of repeats, padded (non-minimal) SNVs and MNPs, in genome coordinates. */
function testRecords(fasta: IndexedFasta): TestRecord[] {
  const next = random(15);
  const records: TestRecord[] = [];
  for (const region of REGIONS) {
    for (let i = 0; i < 150; i++) {
      const pos = region.start + 20 + Math.floor(next() * (region.length - 60));
      const seq = fasta.fetch(region.chrom, pos, pos + 12)!;
      const size = 1 + Math.floor(next() * 4);
      const id = `v${records.length}`;
      const kind = i % 5;
      if (kind === 0) records.push({ id, chrom: region.chrom, pos, ref: seq.slice(0, size + 1), alt: seq[0]! });
      else if (kind === 1) records.push({ id, chrom: region.chrom, pos, ref: seq[0]!, alt: seq.slice(0, size + 1) }); // duplication of what follows
      else if (kind === 2) records.push({ id, chrom: region.chrom, pos, ref: seq.slice(0, size + 3), alt: seq[0]! + seq.slice(size + 1, size + 3) }); // deletion padded on the right
      else if (kind === 3) records.push({ id, chrom: region.chrom, pos, ref: seq.slice(0, 3), alt: seq[0]! + (seq[1] === 'A' ? 'C' : 'A') + seq[2]! }); // SNV padded both sides
      else records.push({ id, chrom: region.chrom, pos, ref: seq.slice(0, 4), alt: seq[0]! + (seq[1] === 'G' ? 'T' : 'G') + (seq[2] === 'C' ? 'A' : 'C') + seq[3]! }); // MNP padded
    }
  }
  return records;
}

function vcf(records: TestRecord[], chromOf: (r: TestRecord) => string, posOf: (r: TestRecord) => number, contigs: string[]): string {
  const header = ['##fileformat=VCFv4.2', ...contigs.map((c) => `##contig=<ID=${c}>`), '#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO'];
  return [...header, ...records.map((r) => `${chromOf(r)}\t${posOf(r)}\t${r.id}\t${r.ref}\t${r.alt}\t.\t.\t.`)].join('\n') + '\n';
}

function regionOf(r: TestRecord): (typeof REGIONS)[number] {
  return REGIONS.find((g) => g.chrom === r.chrom && r.pos >= g.start && r.pos < g.start + g.length)!;
}

describe('normalisation against bcftools norm -f', () => {
  it('left-aligned, trimmed alleles equal bcftools norm on variants inside the GRCh38 cancer regions', async () => {
    // Failing: the same variant written two ways stays two variants, and annotation misses it.
    const fasta = IndexedFasta.open(FASTA);
    const records = testRecords(fasta);
    const dir = tempDir('normalise-');
    const inRegions = join(dir, 'regions.vcf');
    writeFileSync(inRegions, vcf(records, (r) => regionOf(r).name, (r) => r.pos - regionOf(r).start + 1, REGIONS.map((g) => g.name)));
    const norm = spawnSync('bcftools', ['norm', '-f', FASTA, '-c', 'e', inRegions], { encoding: 'utf8' });
    expect(norm.status, norm.stderr).toBe(0);
    const expected = new Map(norm.stdout.split('\n').filter((l) => l && !l.startsWith('#')).map((line) => {
      const [name, pos, id, ref, alt] = line.split('\t') as [string, string, string, string, string];
      const region = REGIONS.find((g) => g.name === name)!;
      // bcftools copies soft-masked (lower-case) reference bases as they are; bases are compared in upper case.
      return [id, `${region.chrom}:${region.start + Number(pos) - 1}:${ref.toUpperCase()}>${alt.toUpperCase()}`];
    }));

    const inGenome = join(dir, 'genome.vcf');
    writeFileSync(inGenome, vcf(records, (r) => r.chrom, (r) => r.pos, ['chr13', 'chr17']));
    const reader = await VcfReader.open(inGenome);
    const ours = new Map<string, string>();
    let moved = 0;
    for await (const batch of reader.variants(sampleIndex(reader.header, null), 'stop')) {
      for (const v of batch.variants) {
        const n = normalise(v, fasta);
        expect(n.status).toBe('normalised');
        if (n.pos !== v.originalPos) moved++;
        ours.set(v.id!, `${v.chrom}:${n.pos}:${n.ref}>${n.alt}`);
      }
    }
    fasta.close();
    expect(ours.size).toBe(records.length);
    expect(moved).toBeGreaterThan(100); // the test does exercise shifting, not just equal inputs
    expect(Object.fromEntries(ours)).toEqual(Object.fromEntries(expected));
  });

  it('a REF that differs from the reference is left as written and said so', () => {
    const fasta = IndexedFasta.open(FASTA);
    const base = fasta.fetch('chr17', 7674220, 7674220)!;
    const wrong = base === 'A' ? 'C' : 'A';
    expect(normalise({ chrom: '17', pos: 7674220, ref: wrong, alt: 'T' }, fasta).status).toBe('ref-mismatch');
    expect(normalise({ chrom: 'chr1', pos: 1000, ref: 'A', alt: 'T' }, fasta).status).toBe('no-reference');
    fasta.close();
  });
});
