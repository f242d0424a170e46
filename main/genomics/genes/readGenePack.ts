// Reads a gene-annotation file (GTF, GFF3 or BED; plain or gzip/BGZF) into a GeneIndex, streaming it
// line by line (GENCODE's whole-genome GTF is 1.5 GB unpacked).
import { createReadStream, openSync, readSync, closeSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { createGunzip } from 'node:zlib';
import type { Readable } from 'node:stream';
import { parseBedLine, parseGtfLine, Gff3Reader } from './featureLines.ts';
import { GeneIndex } from './geneIndex.ts';
import { GeneModelBuilder } from './geneModelBuilder.ts';

export type GeneAnnotationFormat = 'gtf' | 'gff3' | 'bed';

/** The format from the file name, without its .gz/.bgz ending; null when the name does not tell. */
export function formatOf(path: string): GeneAnnotationFormat | null {
  const name = path.toLowerCase().replace(/\.(b?gz)$/, '');
  if (name.endsWith('.gtf')) return 'gtf';
  if (name.endsWith('.gff3') || name.endsWith('.gff')) return 'gff3';
  if (name.endsWith('.bed')) return 'bed';
  return null;
}

/** The format from the first line of a file whose name does not tell (a stored pack file has a random name). */
function sniff(line: string, lineNumber: number): GeneAnnotationFormat {
  if (/^##gff-version\s+3/.test(line)) return 'gff3';
  const cols = line.split('\t');
  if (cols.length >= 9 && /\bgene_id "/.test(cols[8] as string)) return 'gtf';
  if (cols.length >= 9 && /(^|;)(ID|Parent)=/.test(cols[8] as string)) return 'gff3';
  if (cols.length >= 6 && /^\d+$/.test(cols[1] as string) && /^\d+$/.test(cols[2] as string)) return 'bed';
  throw new Error(`Gene annotation line ${lineNumber}: neither GTF, GFF3 nor BED.`);
}

function isGzip(path: string): boolean {
  const fd = openSync(path, 'r');
  try {
    const magic = Buffer.alloc(2);
    return readSync(fd, magic, 0, 2, 0) === 2 && magic[0] === 0x1f && magic[1] === 0x8b;
  } finally {
    closeSync(fd);
  }
}

function textStream(path: string): Readable {
  const raw = createReadStream(path);
  return isGzip(path) ? raw.pipe(createGunzip()) : raw;
}

/** Every gene of the file with its canonical transcript, indexed by position. */
export async function readGenePack(path: string, given: GeneAnnotationFormat | null = formatOf(path)): Promise<GeneIndex> {
  const builder = new GeneModelBuilder();
  const gff3 = new Gff3Reader();
  let format = given;
  let lineNumber = 0;
  for await (const line of createInterface({ input: textStream(path), crlfDelay: Infinity })) {
    lineNumber += 1;
    if (format === null) {
      if (line === '' || (line.startsWith('#') && !line.startsWith('##gff-version')) || /^(track|browser)\b/.test(line)) continue;
      format = sniff(line, lineNumber);
    }
    if (format === 'gtf') {
      const record = parseGtfLine(line, lineNumber);
      if (record) builder.add(record);
    } else if (format === 'gff3') for (const record of gff3.parseLine(line, lineNumber)) builder.add(record);
    else for (const record of parseBedLine(line, lineNumber)) builder.add(record);
  }
  for (const record of gff3.drain()) builder.add(record);
  const genes = builder.build();
  if (genes.length === 0) throw new Error(`${path}: no gene with exons in it; not a gene annotation.`);
  return new GeneIndex(genes);
}
