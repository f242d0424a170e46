// One VCF data line -> the ALT alleles the chosen sample carries, split and trimmed. Fields are
// found with indexOf, not split or regexes, and only the chosen sample's column is decoded.
import type { VcfHeader, VcfVariant } from '../types.ts';
import { isSymbolic, trimAlleles } from './alleles.ts';
import { VcfLineError } from './errors.ts';
import { formatDepths, formatLayout, infoDepths, type FormatLayout } from './sampleFields.ts';

const TAB = '\t';

interface Carried {
  readonly genotype: string | null;
  readonly alleles: readonly number[];
  readonly layout: FormatLayout | null;
  readonly values: readonly string[] | null;
  readonly all: boolean;
}

function checkBases(text: string, what: string, line: number): void {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i) | 0x20; // lower case
    if (c !== 97 && c !== 99 && c !== 103 && c !== 116 && c !== 110) throw new VcfLineError(line, `${what} "${text.slice(0, 30)}" has a character that is not a base (A, C, G, T, N)`);
  }
}

/** GT allele indexes into `out` (-1 for '.'); throws on anything that is not a genotype. */
function genotypeAlleles(gt: string, altCount: number, line: number, out: number[]): void {
  out.length = 0;
  let value = -2; // -2: nothing read yet for this allele
  for (let i = 0; i <= gt.length; i++) {
    const c = i < gt.length ? gt.charCodeAt(i) : 47;
    if (c >= 48 && c <= 57) value = (value < 0 ? 0 : value * 10) + (c - 48);
    else if (c === 46 /* . */ && value === -2) value = -1;
    else if ((c === 47 || c === 124) && value !== -2) {
      if (value > altCount) throw new VcfLineError(line, `GT ${gt} names allele ${value} but the record has ${altCount} ALT allele(s)`);
      out.push(value);
      value = -2;
    } else throw new VcfLineError(line, `GT "${gt.slice(0, 30)}" is not a genotype (allele numbers separated by / or |)`);
  }
}

export class RecordParser {
  private readonly columns: number;
  private readonly sampleColumn: number;
  private readonly useInfoDepth: boolean;
  private lastFormat = '';
  private layout: FormatLayout | null = null;
  private readonly alleles: number[] = [];
  /** Offsets of the first nine tabs of the current line (reused: one array, not one per line). */
  private readonly tabs: number[] = [];

  /** `sample`: index into header.samples, or -1 for a sites-only read (every ALT imported). */
  constructor(header: VcfHeader, sample: number) {
    this.columns = header.samples.length > 0 ? 9 + header.samples.length : 0;
    this.sampleColumn = sample < 0 ? -1 : 9 + sample;
    this.useInfoDepth = header.samples.length <= 1;
  }

  private layoutOf(format: string, line: number): FormatLayout {
    if (format === this.lastFormat && this.layout) return this.layout;
    const keys = format.split(':');
    const repeated = keys.find((key, i) => keys.indexOf(key) !== i);
    if (repeated !== undefined) throw new VcfLineError(line, `FORMAT names ${repeated} twice`);
    if (keys.includes('')) throw new VcfLineError(line, `FORMAT "${format.slice(0, 40)}" has an empty key`);
    this.lastFormat = format;
    this.layout = formatLayout(keys);
    return this.layout;
  }

  /** Appends the carried variants of `text` (line number `line`) to `out`. */
  parse(text: string, line: number, out: VcfVariant[]): void {
    const tabs = this.tabs;
    tabs.length = 0;
    for (let at = text.indexOf(TAB); at >= 0 && tabs.length < 9; at = text.indexOf(TAB, at + 1)) tabs.push(at);
    const columnCount = this.countColumns(text, tabs);
    if (columnCount < 8) throw new VcfLineError(line, `${columnCount} tab-separated column(s); a VCF record has at least 8 (CHROM POS ID REF ALT QUAL FILTER INFO)`);
    if (this.columns > 0 && columnCount !== this.columns) throw new VcfLineError(line, `${columnCount} columns, but the #CHROM line names ${this.columns} (FORMAT and ${this.columns - 9} sample(s))`);
    const field = (i: number): string => text.slice(i === 0 ? 0 : tabs[i - 1]! + 1, i < tabs.length ? tabs[i] : text.length);
    const chrom = field(0);
    if (chrom === '' || chrom === '.') throw new VcfLineError(line, 'CHROM is empty');
    const posText = field(1);
    const pos = Number(posText);
    if (!Number.isInteger(pos) || pos < 0 || posText === '') throw new VcfLineError(line, `POS "${posText.slice(0, 20)}" is not a position (a whole number)`);
    const ref = field(3);
    if (ref === '' || ref === '.') throw new VcfLineError(line, 'REF is empty');
    checkBases(ref, 'REF', line);
    const altText = field(4);
    // No ALT ('.'): nothing to carry, but a GT that names an ALT is still an error.
    const alts = altText === '.' ? [] : altText.includes(',') ? altText.split(',') : [altText];
    const qualText = field(5);
    const qual = qualText === '.' ? null : Number(qualText);
    if (qual !== null && !Number.isFinite(qual)) throw new VcfLineError(line, `QUAL "${qualText.slice(0, 20)}" is not a number`);
    const carried = this.carried(text, tabs, line, alts.length);
    if (carried === null || alts.length === 0) return;
    const filterText = field(6);
    const idText = field(2);
    const info = field(7);
    for (let k = 1; k <= alts.length; k++) {
      if (!carried.all && !carried.alleles.includes(k)) continue;
      const alt = alts[k - 1]!;
      if (alt === '') throw new VcfLineError(line, `ALT ${k} is empty`);
      const symbolic = isSymbolic(alt);
      if (!symbolic) checkBases(alt, `ALT ${k}`, line);
      const trimmed = symbolic ? { pos, ref, alt } : trimAlleles(pos, ref, alt);
      const depths = carried.layout && carried.values ? formatDepths(carried.layout, carried.values, k, alts.length, ref, alt) : { depth: null, altDepth: null, vaf: null };
      if (this.useInfoDepth && (depths.vaf === null || depths.depth === null)) infoDepths(depths, info, k);
      out.push({
        chrom, pos: trimmed.pos, ref: trimmed.ref, alt: trimmed.alt, originalPos: pos, line, altIndex: k,
        id: idText === '.' ? null : idText, qual, filter: filterText === '.' ? null : filterText,
        genotype: carried.genotype, depth: depths.depth, altDepth: depths.altDepth, vaf: depths.vaf, symbolic,
      });
    }
  }

  /** Counts columns, scanning past the first nine tabs only when the column count must be checked. */
  private countColumns(text: string, tabs: number[]): number {
    if (tabs.length < 9 || this.columns === 0) return tabs.length + 1;
    let count = 10;
    for (let at = text.indexOf(TAB, tabs[8]! + 1); at >= 0; at = text.indexOf(TAB, at + 1)) count++;
    return count;
  }

  /**
   * The chosen sample's genotype and FORMAT values. `all` means import every ALT (a sites-only read,
   * or a record without GT, as Strelka writes); null means the sample carries none.
   */
  private carried(text: string, tabs: number[], line: number, altCount: number): Carried | null {
    if (this.sampleColumn < 0) return { genotype: null, alleles: [], layout: null, values: null, all: true };
    const layout = this.layoutOf(text.slice(tabs[7]! + 1, tabs[8]), line);
    const start = this.sampleColumn === 9 ? tabs[8]! + 1 : nthTab(text, tabs[8]!, this.sampleColumn - 9) + 1;
    const end = text.indexOf(TAB, start);
    const sample = text.slice(start, end < 0 ? text.length : end);
    const values = sample.split(':');
    if (values.length > layout.keys.length) throw new VcfLineError(line, `the sample column has ${values.length} values but FORMAT lists ${layout.keys.length} keys`);
    if (layout.gt < 0) return { genotype: null, alleles: [], layout, values, all: true };
    const genotype = values[layout.gt] ?? '.';
    genotypeAlleles(genotype, altCount, line, this.alleles);
    // A genotype with a missing allele ('1/.', Complete Genomics' half-calls) is a no-call, as in
    // bcftools' GT="alt"; otherwise the sample carries each ALT its GT names.
    if (this.alleles.includes(-1) || !this.alleles.some((allele) => allele > 0)) return null;
    return { genotype, alleles: this.alleles, layout, values, all: false };
  }
}

function nthTab(text: string, from: number, n: number): number {
  let at = from;
  for (let i = 0; i < n; i++) at = text.indexOf(TAB, at + 1);
  return at;
}
