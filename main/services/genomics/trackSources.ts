// The genome track view's inputs as text, built here so that igv.js is never pointed at a URL (a
// missing file makes igv 3.8.10 call igv.org: ../shared/notes/igvjs-offline.md): the reference pack's
// sequences as FASTA whose headers carry `@len` (igv then places each region at its true offset), a
// one-base stub for any other chromosome with variants (coordinates without sequence), the case's
// variants as VCF, and the gene pack's canonical transcripts as BED12.
import { readFileSync } from 'node:fs';
import type { GenomeBuild, GenomeTrackSources, VariantRow } from '../../../preload/api.ts';
import type { Gene, GeneIndex } from '../../genomics/genes/index.ts';
import type { Library } from '../../library/library.ts';
import { annotatedCase } from './annotatedVariants.ts';

const NAMES = [...Array.from({ length: 22 }, (_, i) => String(i + 1)), 'X', 'Y', 'M'];
const LENGTHS: Record<GenomeBuild, number[]> = {
  GRCh38: [248956422, 242193529, 198295559, 190214555, 181538259, 170805979, 159345973, 145138636, 138394717, 133797422, 135086622, 133275309, 114364328, 107043718, 101991189, 90338345, 83257441, 80373285, 58617616, 64444167, 46709983, 50818468, 156040895, 57227415, 16569],
  GRCh37: [249250621, 243199373, 198022430, 191154276, 180915260, 171115067, 159138663, 146364022, 141213431, 135534747, 135006516, 133851895, 115169878, 107349540, 102531392, 90354753, 81195210, 78077248, 59128983, 63025520, 48129895, 51304566, 155270560, 59373566, 16571],
};

/** 'chr17' for '17', 'chr17', 'CHR17' or 'MT'. */
export const ucscName = (chrom: string): string => `chr${chrom.replace(/^chr/i, '').toUpperCase().replace(/^MT$/, 'M')}`;

const lengthOf = (build: GenomeBuild, chrom: string): number | null => {
  const i = NAMES.indexOf(ucscName(chrom).slice(3));
  return i < 0 ? null : LENGTHS[build][i]!;
};

/** The FASTA with `@len=<chromosome length>` on each `>chr:start-end` header; other headers as they are. */
function placedFasta(path: string, build: GenomeBuild): { text: string; chroms: Set<string> } {
  const chroms = new Set<string>();
  const text = readFileSync(path, 'utf8').replace(/^>(\S+)[^\n]*$/gm, (line, name: string) => {
    const chrom = ucscName(name.replace(/:\d+-\d+$/, ''));
    chroms.add(chrom);
    const length = lengthOf(build, chrom);
    return /:\d+-\d+$/.test(name) && length ? `>${chrom}:${name.split(':')[1]} @len=${length}` : `>${chrom}`;
  });
  return { text, chroms };
}

function vcfText(rows: VariantRow[]): string {
  const lines = ['##fileformat=VCFv4.2', '##INFO=<ID=GENE,Number=1,Type=String,Description="Gene (Precis gene pack)">', '##FORMAT=<ID=GT,Number=1,Type=String,Description="Genotype">', '#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\tSAMPLE'];
  const sorted = [...rows].sort((a, b) => a.chrom.localeCompare(b.chrom) || a.pos - b.pos);
  for (const v of sorted) {
    // A deletion or insertion trimmed to an empty allele gets the base before it back, as VCF needs.
    const ref = v.ref || 'N';
    const alt = v.alt || 'N';
    lines.push([ucscName(v.chrom), v.pos, v.name ?? `precis${v.variantId}`, ref, alt, v.qual ?? '.', v.filter ?? '.', v.gene ? `GENE=${v.gene}` : '.', 'GT', v.genotype ?? '.'].join('\t'));
  }
  return `${lines.join('\n')}\n`;
}

function bed12(genes: GeneIndex): string {
  const lines: string[] = [];
  for (const name of NAMES) {
    for (const gene of genes.overlapping(name, 1, 3e8) as Gene[]) {
      const t = gene.canonical;
      const cdsStart = t.cds.length > 0 ? t.cds[0]!.start - 1 : t.end;
      const cdsEnd = t.cds.length > 0 ? t.cds.at(-1)!.end : t.end;
      lines.push([ucscName(gene.chrom), t.start - 1, t.end, gene.name, 0, t.strand, cdsStart, cdsEnd, 0, t.exons.length,
        t.exons.map((e) => e.end - e.start + 1).join(','), t.exons.map((e) => e.start - t.start).join(',')].join('\t'));
    }
  }
  return `${lines.join('\n')}\n`;
}

export async function genomeTrackSources(library: Library, caseId: string): Promise<GenomeTrackSources> {
  const annotated = await annotatedCase(library, caseId);
  const file = annotated.files.at(-1);
  if (!file) return { build: null, fasta: '', vcf: '', genes: null, notes: ['No VCF in this case.'] };
  const packs = annotated.packsByFile.get(file.fileId)!;
  const rows = annotated.variants.filter((v) => v.row.fileId === file.fileId).map((v) => v.row);
  const notes = [...packs.notes];
  let fasta = '';
  let covered = new Set<string>();
  if (packs.referencePath) {
    try {
      ({ text: fasta, chroms: covered } = placedFasta(packs.referencePath, file.build));
    } catch {
      notes.push('The reference pack file cannot be read: the track view shows positions without sequence.');
    }
  } else notes.push(`No reference sequence for ${file.build}: the track view shows positions without sequence.`);
  const stubs = [...new Set(rows.map((r) => ucscName(r.chrom)))].filter((c) => !covered.has(c) && lengthOf(file.build, c));
  fasta += stubs.map((c) => `>${c}:1-1 @len=${lengthOf(file.build, c)}\nN\n`).join('');
  return { build: file.build, fasta, vcf: vcfText(rows), genes: packs.genes ? bed12(packs.genes) : null, notes };
}
