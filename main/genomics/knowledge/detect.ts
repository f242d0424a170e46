// What a file (or folder) a user brings is, as a knowledge pack: its kind from its content, and the
// source, release date and genome build it states (ClinVar ##fileDate/##reference; CIViC's file name
// and reference_build column; GENCODE's header or release number). A build the content does not state
// must be given (--build); one that contradicts the content is refused.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { GenomeBuild, KnowledgePackKind } from '../../../preload/api.ts';
import { AppError } from '../../errors.ts';
import { CIVIC_EVIDENCE_COLUMNS, CIVIC_VARIANT_COLUMNS } from './civic.ts';
import { firstLines } from './lines.ts';

export interface DetectedPack {
  kind: KnowledgePackKind;
  source: string;
  releaseDate: string | null;
  build: GenomeBuild;
  /** The files to copy: their name in the pack and where they are now. */
  files: Array<{ name: string; path: string }>;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** 'GRCh38' for 'GRCh38', 'hg38', 'GRCh38.p14', a FASTA URL naming it...; null when none is named. */
export function buildNamed(text: string): GenomeBuild | null {
  if (/GRCh38|hg38|\bb38\b/i.test(text)) return 'GRCh38';
  if (/GRCh37|hg19|\bb37\b|hs37d5/i.test(text)) return 'GRCh37';
  return null;
}

function isoDate(text: string): string | null {
  const iso = text.match(/(\d{4})-?(\d{2})-?(\d{2})/);
  if (iso) return `${iso[1]}-${iso[2]}-${iso[3]}`;
  const civic = text.match(/(\d{2})-([A-Z][a-z]{2})-(\d{4})/);
  const month = civic ? MONTHS.indexOf(civic[2]!) + 1 : 0;
  return civic && month > 0 ? `${civic[3]}-${String(month).padStart(2, '0')}-${civic[1]}` : null;
}

function chooseBuild(stated: GenomeBuild | null, given: GenomeBuild | undefined, what: string): GenomeBuild {
  if (stated && given && stated !== given) throw new AppError('knowledge-build-mismatch', `${what} is for ${stated}, not ${given} as --build says.`);
  const build = stated ?? given;
  if (!build) throw new AppError('knowledge-pack-invalid', `${what} does not say its genome build: give it with --build GRCh37 or --build GRCh38.`);
  return build;
}

async function detectCivic(path: string, given?: GenomeBuild): Promise<DetectedPack> {
  const folder = statSync(path).isDirectory() ? path : dirname(path);
  const names = readdirSync(folder);
  const prefix = statSync(path).isDirectory() ? '' : basename(path).replace(/(ClinicalEvidence|Variant)Summaries\.tsv$/, '');
  const find = (suffix: string): string => {
    const name = names.find((n) => n.startsWith(prefix) && n.endsWith(suffix));
    if (!name) throw new AppError('knowledge-pack-invalid', `A CIViC pack needs the ClinicalEvidenceSummaries and VariantSummaries TSVs side by side; no *${suffix} in ${folder}.`);
    return join(folder, name);
  };
  const evidence = find('ClinicalEvidenceSummaries.tsv');
  const variants = find('VariantSummaries.tsv');
  for (const [file, columns] of [[evidence, CIVIC_EVIDENCE_COLUMNS], [variants, CIVIC_VARIANT_COLUMNS]] as const) {
    const header = (await firstLines(file, 1))[0]?.split('\t') ?? [];
    const missing = columns.filter((c) => !header.includes(c));
    if (missing.length > 0) throw new AppError('knowledge-pack-invalid', `${file} is not a CIViC summary in its v1 layout: no column ${missing.join(', ')}.`);
  }
  // CIViC v1 dumps hold GRCh37 coordinates only (their reference_build column says so where filled).
  return { kind: 'civic', source: 'CIViC', releaseDate: isoDate(basename(evidence)), build: chooseBuild('GRCh37', given, `The CIViC dump ${basename(evidence)}`), files: [{ name: 'evidence.tsv', path: evidence }, { name: 'variants.tsv', path: variants }] };
}

/** Detects the pack at `path`; `kind` and `build`, when given, are checked against the content. */
export async function detectPack(path: string, kind?: KnowledgePackKind, build?: GenomeBuild): Promise<DetectedPack> {
  if (!existsSync(path)) throw new AppError('not-found', `No file or folder ${path}.`);
  const isDir = statSync(path).isDirectory();
  const head = isDir ? [] : await firstLines(path, 400);
  const headerText = head.filter((l) => l.startsWith('#')).join('\n');
  const first = head.find((l) => !l.startsWith('#')) ?? '';
  const seen: KnowledgePackKind | null = isDir || /ClinicalEvidenceSummaries|VariantSummaries/.test(basename(path)) || first.startsWith('gene\tentrez_id') ? 'civic'
    : head[0]?.startsWith('##fileformat=VCF') ? (/##source=ClinVar|ID=CLNSIG/.test(headerText) ? 'clinvar' : null)
    : first.startsWith('>') ? 'reference'
    : first.split('\t').length >= 9 || /##gff-version|##format: gtf|##provider: GENCODE/.test(headerText) ? 'genes'
    : first.split('\t').length >= 3 && /^\S+\t\d+\t\d+/.test(first) ? 'genes' : null;
  if (!seen) throw new AppError('knowledge-pack-invalid', `${path} is no knowledge pack Precis reads: a ClinVar VCF, CIViC summary TSVs, a GTF/GFF3/BED gene annotation or a FASTA reference.`);
  if (kind && kind !== seen) throw new AppError('knowledge-pack-invalid', `${path} looks like a ${seen} pack, not ${kind}.`);
  const name = basename(path);
  if (seen === 'civic') return detectCivic(path, build);
  if (seen === 'clinvar') {
    const date = headerText.match(/##fileDate=(.*)/)?.[1] ?? null;
    const reference = headerText.match(/##reference=(.*)/)?.[1] ?? '';
    return { kind: 'clinvar', source: 'ClinVar', releaseDate: date ? isoDate(date) : null, build: chooseBuild(buildNamed(reference), build, `The ClinVar file ${name}`), files: [{ name: name.endsWith('.gz') ? 'clinvar.vcf.gz' : 'clinvar.vcf', path }] };
  }
  if (seen === 'genes') {
    // GENCODE: 'evidence-based annotation of the human genome (GRCh38), version 45'; without a header,
    // its release number says the build (GRCh37 annotations are v19 and the 'lift37' files).
    const gencode = name.match(/gencode\.v(\d+)(lift37)?/i);
    const stated = buildNamed(headerText) ?? (gencode ? (gencode[2] || Number(gencode[1]) <= 19 ? 'GRCh37' : 'GRCh38') : null);
    const date = headerText.match(/##date: (.*)/)?.[1] ?? null;
    return { kind: 'genes', source: gencode || /GENCODE/.test(headerText) ? `GENCODE${gencode ? ` v${gencode[1]}` : ''}` : 'gene annotation', releaseDate: date ? isoDate(date) : null, build: chooseBuild(stated, build, `The gene annotation ${name}`), files: [{ name, path }] };
  }
  const fai = `${path}.fai`;
  return { kind: 'reference', source: 'FASTA', releaseDate: null, build: chooseBuild(buildNamed(name), build, `The reference ${name}`), files: [{ name, path }, ...(existsSync(fai) ? [{ name: `${name}.fai`, path: fai }] : [])] };
}
