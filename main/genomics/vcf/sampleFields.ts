// Depth, allele depth and VAF of one ALT for the chosen sample, from whichever fields the caller
// wrote: FORMAT AD/DP/AF (GATK, Mutect2, DRAGEN), VAF, FREQ (VarScan, in %), Strelka's per-base
// AU/CU/GU/TU and indel TAR/TIR (tier-1 counts), PCGR's tumour ADT/DPT; else INFO TVAF/TDP/VAF/DP.

/** Where the depth fields sit in one FORMAT string (-1 when absent); cached per distinct FORMAT. */
export interface FormatLayout {
  readonly keys: readonly string[];
  readonly gt: number;
  readonly dp: number;
  readonly ad: number;
  readonly af: number;
  readonly vaf: number;
  readonly freq: number;
  readonly dpt: number;
  readonly adt: number;
  readonly tar: number;
  readonly tir: number;
  /** AU, CU, GU, TU (Strelka SNV base counts). */
  readonly baseCounts: readonly [number, number, number, number];
}

export function formatLayout(keys: readonly string[]): FormatLayout {
  const at = (key: string): number => keys.indexOf(key);
  return {
    keys,
    gt: at('GT'),
    dp: at('DP'),
    ad: at('AD'),
    af: at('AF'),
    vaf: at('VAF'),
    freq: at('FREQ'),
    dpt: at('DPT'),
    adt: at('ADT'),
    tar: at('TAR'),
    tir: at('TIR'),
    baseCounts: [at('AU'), at('CU'), at('GU'), at('TU')],
  };
}

export interface AlleleDepths {
  depth: number | null;
  altDepth: number | null;
  vaf: number | null;
}

function num(text: string | undefined): number | null {
  if (text === undefined || text === '' || text === '.') return null;
  const value = Number(text);
  return Number.isFinite(value) ? value : null;
}

/** The k-th comma-separated value of a field (0-based), as a number. */
function nth(text: string | undefined, k: number): number | null {
  if (text === undefined) return null;
  if (k === 0 && !text.includes(',')) return num(text);
  return num(text.split(',')[k]);
}

function sumOf(parts: readonly string[]): number | null {
  let total = 0;
  for (const part of parts) {
    const value = num(part);
    if (value === null) return null;
    total += value;
  }
  return total;
}

const BASES = 'ACGT';

function strelkaDepths(layout: FormatLayout, values: readonly string[], ref: string, alt: string): AlleleDepths | null {
  if (layout.tir >= 0 && layout.tar >= 0) {
    const altDepth = nth(values[layout.tir], 0);
    const refDepth = nth(values[layout.tar], 0);
    if (altDepth === null || refDepth === null) return null;
    return { depth: null, altDepth, vaf: altDepth + refDepth > 0 ? altDepth / (altDepth + refDepth) : null };
  }
  const refIndex = BASES.indexOf(ref);
  const altIndex = BASES.indexOf(alt);
  if (ref.length !== 1 || alt.length !== 1 || refIndex < 0 || altIndex < 0) return null;
  const refColumn = layout.baseCounts[refIndex]!;
  const altColumn = layout.baseCounts[altIndex]!;
  if (refColumn < 0 || altColumn < 0) return null;
  const refDepth = nth(values[refColumn], 0);
  const altDepth = nth(values[altColumn], 0);
  if (refDepth === null || altDepth === null) return null;
  return { depth: null, altDepth, vaf: altDepth + refDepth > 0 ? altDepth / (altDepth + refDepth) : null };
}

/**
 * Depths of ALT number `altIndex` (1-based) of a record with `altCount` ALTs, from the sample's
 * FORMAT values (`values` aligned with `layout.keys`); `ref`/`alt` are the record's own alleles.
 */
export function formatDepths(layout: FormatLayout, values: readonly string[], altIndex: number, altCount: number, ref: string, alt: string): AlleleDepths {
  let depth = num(values[layout.dp >= 0 ? layout.dp : layout.dpt]);
  const adText = values[layout.ad >= 0 ? layout.ad : layout.adt];
  let altDepth: number | null = null;
  let vaf: number | null = null;
  if (adText !== undefined && adText !== '.') {
    const parts = adText.split(',');
    // AD is REF then each ALT (Number=R); VarScan writes only the ALT reads (Number=1).
    altDepth = parts.length === altCount + 1 ? num(parts[altIndex]) : parts.length === 1 && altCount === 1 ? num(parts[0]) : null;
    const total = parts.length === altCount + 1 ? sumOf(parts) : null;
    if (altDepth !== null && total !== null && total > 0) vaf = altDepth / total;
    depth ??= total;
  }
  const written = nth(values[layout.af], altIndex - 1) ?? nth(values[layout.vaf], altIndex - 1);
  if (written !== null) vaf = written;
  else if (layout.freq >= 0) {
    const freq = values[layout.freq];
    const percent = freq === undefined ? null : num(freq.endsWith('%') ? freq.slice(0, -1) : freq);
    if (percent !== null) vaf = percent / 100;
  }
  if (altDepth === null && vaf === null) {
    const strelka = strelkaDepths(layout, values, ref, alt);
    if (strelka) ({ altDepth, vaf } = strelka);
  }
  if (vaf === null && altDepth !== null && depth !== null && depth > 0) vaf = altDepth / depth;
  return { depth, altDepth, vaf };
}

/** The value of INFO key `key`, or undefined; only called when FORMAT gave nothing. */
export function infoValue(info: string, key: string): string | undefined {
  if (info === '.') return undefined;
  let start = 0;
  while (start <= info.length) {
    let end = info.indexOf(';', start);
    if (end < 0) end = info.length;
    if (info.startsWith(key, start) && info.charCodeAt(start + key.length) === 61 /* = */) return info.slice(start + key.length + 1, end);
    start = end + 1;
  }
  return undefined;
}

/** Fills what FORMAT left empty from INFO (TVAF/VAF per ALT, TDP/DP for depth). */
export function infoDepths(into: AlleleDepths, info: string, altIndex: number): AlleleDepths {
  into.vaf ??= nth(infoValue(info, 'TVAF'), altIndex - 1) ?? nth(infoValue(info, 'VAF'), altIndex - 1);
  into.depth ??= nth(infoValue(info, 'TDP'), 0) ?? nth(infoValue(info, 'DP'), 0);
  return into;
}
