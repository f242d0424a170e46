// A case's variants with what the installed packs say of each (gene, consequence, ClinVar, CIViC, the
// automatic tier or class with its rule), computed on read from the packs of each file's build and kept
// until the case's files or the library's packs change, so paging and filtering do not redo it.
import type { CivicEvidence, VariantRecord, VariantRow, VcfFileRecord } from '../../../preload/api.ts';
import { annotateAllele } from '../../genomics/knowledge/annotate.ts';
import { annotateGene, type GeneAnnotation } from '../../genomics/genes/index.ts';
import { errorMessage } from '../../errors.ts';
import type { Library } from '../../library/library.ts';
import { loadModel } from '../models.ts';
import { scoreVariants } from '../scoreVariants.ts';
import { packSetKey, packsForBuild, type BuildPacks } from './packsForBuild.ts';

export interface AnnotatedVariant {
  row: VariantRow;
  civic: CivicEvidence[];
  gene: GeneAnnotation | null;
}

export interface AnnotatedCase {
  files: VcfFileRecord[];
  variants: AnnotatedVariant[];
  packsByFile: Map<number, BuildPacks>;
  notes: string[];
}

const PAGE = 10_000;
const cache = new Map<string, { key: string; value: Promise<AnnotatedCase> }>();

export function annotatedCase(library: Library, caseId: string): Promise<AnnotatedCase> {
  const files = library.openCase(caseId).genomics.files();
  const models = library.models.list().filter((m) => m.task === 'variant-scoring').map((m) => `${m.id}@${m.version}`);
  const key = `${files.map((f) => `${f.fileId}:${f.variants}`).join(',')}|${packSetKey(library)}|${models.join(',')}`;
  const cached = cache.get(`${library.dataDir}|${caseId}`);
  if (cached?.key === key) return cached.value;
  const value = build(library, caseId, files);
  value.catch(() => cache.delete(`${library.dataDir}|${caseId}`));
  cache.set(`${library.dataDir}|${caseId}`, { key, value });
  return value;
}

async function build(library: Library, caseId: string, files: VcfFileRecord[]): Promise<AnnotatedCase> {
  const packsByFile = new Map<number, BuildPacks>();
  const notes = new Set<string>();
  for (const file of files) {
    const packs = await packsForBuild(library, file.build);
    packsByFile.set(file.fileId, packs);
    for (const note of packs.notes) notes.add(note);
  }
  const variants: AnnotatedVariant[] = [];
  const genomics = library.openCase(caseId).genomics;
  let cursor: string | null = null;
  do {
    const page = genomics.variantPage({ cursor, limit: PAGE });
    for (const record of page.items) {
      const file = files.find((f) => f.fileId === record.fileId)!;
      variants.push(annotate(record, file, packsByFile.get(file.fileId)!));
    }
    cursor = page.next;
  } while (cursor);
  for (const file of files) await addScores(library, file, variants.filter((v) => v.row.fileId === file.fileId), packsByFile.get(file.fileId)!, notes);
  return { files, variants, packsByFile, notes: [...notes] };
}

/** The newest variant-scoring model's score for each variant (a ranking aid); a note says why there is none. */
async function addScores(library: Library, file: VcfFileRecord, variants: AnnotatedVariant[], packs: BuildPacks, notes: Set<string>): Promise<void> {
  const record = library.models.list().filter((m) => m.task === 'variant-scoring').at(-1);
  if (!record) return void notes.add('No variant-scoring model imported: the rank score column is empty (precis models import models/variant-ranker).');
  try {
    const scores = await scoreVariants(variants.map((v) => v.row), { model: loadModel(library, record.id, record.version), genomeBuild: file.build, genes: packs.genes, reference: packs.reference });
    scores.forEach((s, i) => void (variants[i]!.row.score = s.score));
  } catch (error) {
    notes.add(`Not scored by ${record.id}: ${errorMessage(error)}`);
  }
}

function annotate(record: VariantRecord, file: VcfFileRecord, packs: BuildPacks): AnnotatedVariant {
  const gene = packs.genes ? annotateGene(record, packs.genes, packs.reference) : null;
  const known = packs.knowledge.packs.length > 0
    ? annotateAllele(packs.knowledge, { testType: file.testType, tumourType: file.tumourType }, record.chrom, record.pos, record.ref, record.alt)
    : null;
  return {
    row: {
      ...record,
      gene: gene?.gene ?? null,
      consequence: gene?.consequence ?? null,
      hgvsp: gene?.hgvsp ?? null,
      clinvar: known?.clinvar ?? null,
      call: known?.call ?? null,
      override: null,
      score: null,
    },
    civic: known?.civic ?? [],
    gene,
  };
}
