// The VCF header: ##meta lines and the #CHROM line. Structured values (<ID=..,Description="..">) are
// split by hand with quote awareness, once per header line; the build is read from what callers
// write there (##reference, ##assembly, contig assembly= and lengths).
import type { FieldDefinition, GenomeBuild, VcfContig, VcfHeader } from '../types.ts';
import { VcfLineError } from './errors.ts';

const FIXED_COLUMNS = ['#CHROM', 'POS', 'ID', 'REF', 'ALT', 'QUAL', 'FILTER', 'INFO'];

/** Splits `<A=1,B="x, y">` into its keys and values. */
export function structuredValue(value: string): Map<string, string> {
  const fields = new Map<string, string>();
  const body = value.startsWith('<') && value.endsWith('>') ? value.slice(1, -1) : value;
  let i = 0;
  while (i < body.length) {
    const eq = body.indexOf('=', i);
    if (eq < 0) break;
    const key = body.slice(i, eq).trim();
    let end: number;
    let text: string;
    if (body[eq + 1] === '"') {
      end = eq + 2;
      while (end < body.length && body[end] !== '"') end += body[end] === '\\' ? 2 : 1;
      text = body.slice(eq + 2, end).replace(/\\(.)/g, '$1');
      end = body.indexOf(',', end);
    } else {
      end = body.indexOf(',', eq + 1);
      text = body.slice(eq + 1, end < 0 ? body.length : end);
    }
    fields.set(key, text);
    i = end < 0 ? body.length : end + 1;
  }
  return fields;
}

// Names and chromosome lengths that tell GRCh37 from GRCh38 (chr1, chr17 in either naming).
const BUILD_NAMES: readonly [RegExp, GenomeBuild][] = [
  [/grch38|hg38|gca_000001405\.15|\bb38\b|hs38/i, 'GRCh38'],
  [/grch37|hg19|\bb37\b|hs37d5|build ?37|g1k_v37|human_g1k|gca_000001405\.1\b/i, 'GRCh37'],
];
const BUILD_LENGTHS = new Map<string, GenomeBuild>([
  ['1:248956422', 'GRCh38'],
  ['1:249250621', 'GRCh37'],
  ['17:83257441', 'GRCh38'],
  ['17:81195210', 'GRCh37'],
]);

export function buildFromName(text: string): GenomeBuild | null {
  for (const [pattern, build] of BUILD_NAMES) if (pattern.test(text)) return build;
  return null;
}

interface HeaderDraft {
  fileformat: string | null;
  buildHints: string[];
  contigs: VcfContig[];
  lengthBuild: GenomeBuild | null;
  info: Map<string, FieldDefinition>;
  format: Map<string, FieldDefinition>;
}

function definition(fields: Map<string, string>): FieldDefinition | null {
  const id = fields.get('ID');
  if (!id) return null;
  return { id, number: fields.get('Number') ?? '.', type: fields.get('Type') ?? 'String', description: fields.get('Description') ?? '' };
}

function addMetaLine(draft: HeaderDraft, line: string): void {
  const eq = line.indexOf('=');
  if (eq < 0) return;
  const key = line.slice(2, eq);
  const value = line.slice(eq + 1);
  if (key === 'fileformat') draft.fileformat = value;
  else if (key === 'INFO' || key === 'FORMAT') {
    const def = definition(structuredValue(value));
    if (def) (key === 'INFO' ? draft.info : draft.format).set(def.id, def);
  } else if (key === 'contig') {
    const fields = structuredValue(value);
    const id = fields.get('ID');
    if (!id) return;
    const length = Number(fields.get('length'));
    draft.contigs.push({ id, length: Number.isFinite(length) && length > 0 ? length : null });
    const assembly = fields.get('assembly');
    if (assembly) draft.buildHints.push(assembly);
    draft.lengthBuild ??= BUILD_LENGTHS.get(`${id.replace(/^chr/, '')}:${length}`) ?? null;
  } else if (/reference|assembly/i.test(key)) draft.buildHints.push(value);
}

/**
 * Reads the header from the file's first lines. Returns null until the #CHROM line has been seen
 * (call `push` with each line); throws a VcfLineError for a file that is not a VCF.
 */
export class HeaderReader {
  private readonly draft: HeaderDraft = { fileformat: null, buildHints: [], contigs: [], lengthBuild: null, info: new Map(), format: new Map() };

  push(line: string, lineNumber: number): VcfHeader | null {
    if (lineNumber === 1 && !line.startsWith('##fileformat=VCF')) {
      throw new VcfLineError(1, 'the file does not start with ##fileformat=VCF...; it is not a VCF');
    }
    if (line.startsWith('##')) {
      addMetaLine(this.draft, line);
      return null;
    }
    if (!line.startsWith('#CHROM')) {
      throw new VcfLineError(lineNumber, `expected the #CHROM column line after the ## header lines, found "${line.slice(0, 40)}"`);
    }
    const columns = line.split('\t');
    if (columns.length < 8 || FIXED_COLUMNS.some((name, i) => columns[i] !== name)) {
      throw new VcfLineError(lineNumber, 'the #CHROM line must name the columns #CHROM POS ID REF ALT QUAL FILTER INFO, separated by tabs');
    }
    if (columns.length > 8 && columns[8] !== 'FORMAT') throw new VcfLineError(lineNumber, 'the ninth column of the #CHROM line must be FORMAT');
    const samples = columns.slice(9);
    const duplicate = samples.find((name, i) => samples.indexOf(name) !== i);
    if (duplicate !== undefined) throw new VcfLineError(lineNumber, `sample "${duplicate}" is named twice in the #CHROM line`);
    return this.finish(samples, lineNumber);
  }

  private finish(samples: string[], columnsLine: number): VcfHeader {
    const { fileformat, buildHints, contigs, lengthBuild, info, format } = this.draft;
    const named = buildHints.map(buildFromName).find((build) => build !== null) ?? null;
    return { fileformat, build: named ?? lengthBuild, contigs, info, format, samples, columnsLine };
  }
}
