// The VCF reader against bcftools on every VCF of the shared data: the variants a sample carries
// (after the multi-allelic split) are counted the same, and a file bcftools refuses is refused with
// a line number. Also what a user reads in the variant list: trimmed alleles, genotype, depths, VAF.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { sampleIndex, VcfLineError, VcfReader } from '../../main/genomics/vcf/index.ts';
import type { BadLine, VcfVariant } from '../../main/genomics/types.ts';
import { bcftoolsCarried, GENOMICS, sharedVcfs } from './support/bcftools.ts';
import { removeTempDirs, tempDir } from './support/env.ts';

afterAll(removeTempDirs);

async function readAll(path: string, sample: string | null, mode: 'stop' | 'skip' = 'stop'): Promise<{ variants: VcfVariant[]; badLines: BadLine[] }> {
  const reader = await VcfReader.open(path);
  const variants: VcfVariant[] = [];
  const badLines: BadLine[] = [];
  for await (const batch of reader.variants(sampleIndex(reader.header, sample), mode)) {
    variants.push(...batch.variants);
    badLines.push(...batch.badLines);
  }
  return { variants, badLines };
}

async function firstSample(path: string): Promise<string | null> {
  const reader = await VcfReader.open(path);
  await reader.close();
  return reader.header.samples[0] ?? null;
}

/**
 * Lines bcftools reads but should not: an empty REF (CIViC's own VCF, bcftools makes it '.'), and
 * FORMAT GT:GT (htslib's 'noroundtrip' case: bcftools reads it and then writes a file it refuses,
 * noroundtrip-out.vcf). Here they are refused with their line number, never imported as nonsense.
 */
const STRICTER_THAN_BCFTOOLS: Record<string, string> = {
  'civic-2021-08-01/01-Oct-2019-civic_accepted_and_submitted.vcf': 'line 268: REF is empty',
  'htslib-1.16-test/noroundtrip.vcf': 'line 5: FORMAT names GT twice',
};

describe('VCF reader against bcftools', () => {
  it.each(Object.entries(STRICTER_THAN_BCFTOOLS))('%s is refused where bcftools guesses', async (name, message) => {
    await expect(readAll(join(GENOMICS, name), await firstSample(join(GENOMICS, name)))).rejects.toThrow(message);
  });

  it.each(sharedVcfs().filter((name) => !(name in STRICTER_THAN_BCFTOOLS)))('%s: the carried variant count equals bcftools, or both refuse the file', async (name) => {
    // Failing: a patient's variant list misses variants (or invents some), or a damaged file is imported.
    const path = join(GENOMICS, name);
    const sample = await firstSample(path).catch(() => null);
    const expected = bcftoolsCarried(path, sample);
    const ours = await readAll(path, sample).then(
      ({ variants }) => ({ ok: true as const, count: variants.length }),
      (error: unknown) => ({ ok: false as const, error }),
    );
    if (expected.ok) {
      expect(ours).toEqual({ ok: true, count: expected.count });
    } else {
      expect(ours.ok, `bcftools refuses it: ${expected.error.slice(0, 200)}`).toBe(false);
      expect(ours.ok ? null : ours.error).toBeInstanceOf(VcfLineError);
      expect((ours as { error: VcfLineError }).error.line).toBeGreaterThan(0);
    }
  });
});

function writeVcf(lines: string[]): string {
  const path = join(tempDir('vcf-'), 'test.vcf');
  writeFileSync(path, ['##fileformat=VCFv4.2', '##reference=GRCh38', ...lines].join('\n') + '\n');
  return path;
}

describe('what the reader makes of a record', () => {
  it('reads depth and VAF from PCGR (ADT/DPT), Mutect2 (AD/DP/AF), Strelka (AU..TU, TAR/TIR) and INFO', async () => {
    // Failing: the VAF column is empty or wrong for the caller a lab used (PCGR issues #12, #29, #74, #288).
    const pcgr = (await readAll(join(GENOMICS, 'pcgr-tcga-somatic/T001-BRCA.grch38.vcf.gz'), null)).variants[0]!;
    expect(pcgr).toMatchObject({ chrom: '1', pos: 1968826, ref: 'C', alt: 'T', genotype: '0/1', depth: 144, altDepth: 32, filter: 'PASS', qual: null });
    expect(pcgr.vaf).toBeCloseTo(32 / 144, 6);
    const path = writeVcf([
      '#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\tTUMOR',
      'chr7\t140753336\t.\tA\tT\t50\tPASS\t.\tGT:AD:DP:AF\t0/1:60,40:100:0.41',
      'chr7\t140753400\t.\tC\tT\t.\tPASS\tSOMATIC\tDP:FDP:SDP:SUBDP:AU:CU:GU:TU\t80:0:0:0:0,0:60,61:0,0:20,21',
      'chr7\t140753500\t.\tCA\tC\t.\tPASS\tSOMATIC\tDP:DP2:TAR:TIR:TOR\t50:50:30,31:10,12:0,0',
      'chr7\t140753600\t.\tG\tA\t.\tPASS\tTVAF=0.25;TDP=48\tGT\t0/1',
    ]);
    const [mutect, strelkaSnv, strelkaIndel, info] = (await readAll(path, 'TUMOR')).variants;
    expect(mutect).toMatchObject({ depth: 100, altDepth: 40, vaf: 0.41, qual: 50 });
    expect(strelkaSnv).toMatchObject({ depth: 80, altDepth: 20, vaf: 0.25, genotype: null });
    expect(strelkaIndel).toMatchObject({ pos: 140753500, ref: 'CA', alt: 'C', altDepth: 10, vaf: 0.25 });
    expect(info).toMatchObject({ depth: 48, vaf: 0.25 });
  });

  it('splits a multi-allelic record into the ALTs the sample carries, trimmed, and keeps symbolic alleles', async () => {
    const path = writeVcf([
      '#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\tS1\tS2',
      '17\t100\trs1\tCTT\tCT,C,CTA\t.\t.\t.\tGT:AD\t1/2:5,6,7,0\t0/3:1,0,0,9',
      '17\t200\t.\tA\t<DEL>,*\t.\t.\tSVTYPE=DEL\tGT\t0/1\t0|2',
    ]);
    const s1 = (await readAll(path, 'S1')).variants;
    expect(s1.map(({ pos, ref, alt, altIndex, altDepth, symbolic }) => ({ pos, ref, alt, altIndex, altDepth, symbolic }))).toEqual([
      { pos: 100, ref: 'CT', alt: 'C', altIndex: 1, altDepth: 6, symbolic: false },
      { pos: 100, ref: 'CTT', alt: 'C', altIndex: 2, altDepth: 7, symbolic: false },
      { pos: 200, ref: 'A', alt: '<DEL>', altIndex: 1, altDepth: null, symbolic: true },
    ]);
    const s2 = (await readAll(path, 'S2')).variants;
    expect(s2.map(({ pos, ref, alt }) => `${pos}:${ref}>${alt}`)).toEqual(['102:T>A', '200:A>*']);
  });

  it('a multi-sample file without a chosen sample fails listing the samples; an unknown sample is named', async () => {
    const path = join(GENOMICS, 'variantannotation-1.44.1/chr22.vcf.gz');
    await expect(readAll(path, null)).rejects.toThrow('The file has 5 samples; choose one: "HG00096", "HG00097", "HG00099", "HG00100", "HG00101".');
    await expect(readAll(path, 'NA12878')).rejects.toThrow('The file has no sample "NA12878"');
  });

  it('stop mode fails at the first bad line; skip mode lists each bad line and keeps the rest', async () => {
    const path = writeVcf([
      '#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\tS1',
      '1\t100\t.\tA\tG\t.\t.\t.\tGT\t0/1',
      '1\tabc\t.\tA\tG\t.\t.\t.\tGT\t0/1',
      '1\t300\t.\tA\tG,T\t.\t.\t.\tGT\t1/3',
      '1\t400\t.\tA\tG\t.\t.\t.\tGT\t1/1',
      '1 500 . A G . . . GT 0/1',
    ]);
    await expect(readAll(path, null)).rejects.toThrow('line 5: POS "abc" is not a position (a whole number)');
    const { variants, badLines } = await readAll(path, null, 'skip');
    expect(variants.map((v) => v.pos)).toEqual([100, 400]);
    expect(badLines).toEqual([
      { line: 5, reason: 'POS "abc" is not a position (a whole number)' },
      { line: 6, reason: 'GT 1/3 names allele 3 but the record has 2 ALT allele(s)' },
      { line: 8, reason: '1 tab-separated column(s); a VCF record has at least 8 (CHROM POS ID REF ALT QUAL FILTER INFO)' },
    ]);
  });

  it('reads the genome build from the header', async () => {
    const build = async (name: string): Promise<string | null> => {
      const reader = await VcfReader.open(join(GENOMICS, name));
      await reader.close();
      return reader.header.build;
    };
    expect(await build('clinvar-20260226-cancer-genes/clinvar.vcf.gz')).toBe('GRCh38'); // ##reference=GRCh38
    expect(await build('pcgr-tcga-somatic/T001-COAD.grch37.vcf.gz')).toBe('GRCh37'); // ucsc.hg19.fa
    expect(await build('variantannotation-1.44.1/hapmap_exome_chr22.vcf.gz')).toBe('GRCh37'); // contig assembly=b37
    expect(await build('pcgr-tcga-somatic/T001-COAD.grch38.vcf.gz')).toBe(null); // says nothing: the user is asked
  });
});
