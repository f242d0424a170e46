// The installed packs the Genomics tab reads for data of one build: the gene pack with the reference
// (gene, region, consequence), and ClinVar/CIViC (evidence, tier). Loaded once per pack set and kept,
// since a ClinVar index or a GENCODE GTF takes seconds to read; a pack whose files fail their hash
// check is left out with the reason in `notes`, never read.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { KnowledgePack } from '../../../preload/api.ts';
import { errorMessage } from '../../errors.ts';
import { readGenePack, type GeneIndex } from '../../genomics/genes/index.ts';
import { IndexedFasta } from '../../genomics/reference/index.ts';
import type { ReferenceSequence } from '../../genomics/types.ts';
import type { Library } from '../../library/library.ts';
import { loadKnowledge, type LoadedKnowledge } from '../knowledge/load.ts';
import { checkBuild, latestPack, packFolder, verifiedPackFiles } from '../knowledge/packs.ts';

export interface BuildPacks {
  build: string;
  genes: GeneIndex | null;
  genePack: KnowledgePack | null;
  /** The reference pack's FASTA path (with its .fai beside it), null without one. */
  referencePath: string | null;
  reference: ReferenceSequence;
  knowledge: LoadedKnowledge;
  notes: string[];
}

const NO_REFERENCE: ReferenceSequence = { fetch: () => null };
const loaded = new Map<string, Promise<BuildPacks>>();

const newestOf = (library: Library, kind: KnowledgePack['kind'], build: string): KnowledgePack | null =>
  library.knowledgePacks.list().filter((p) => p.kind === kind && p.build === build).at(-1) ?? null;

/** The installed packs with a mark on any whose files are not all there: a new import or a lost file changes it. */
export function packSetKey(library: Library): string {
  return library.knowledgePacks.list()
    .map((p) => `${p.id}${p.files.every((f) => existsSync(join(packFolder(library.dataDir, p.id), f.name))) ? '' : '!missing'}`)
    .join(',');
}

/** The packs for `build`, loaded once per pack set (packSetKey). */
export function packsForBuild(library: Library, build: string): Promise<BuildPacks> {
  const key = `${library.dataDir}|${build}|${packSetKey(library)}`;
  let entry = loaded.get(key);
  if (!entry) {
    entry = load(library, build);
    entry.catch(() => loaded.delete(key));
    loaded.set(key, entry);
  }
  return entry;
}

async function load(library: Library, build: string): Promise<BuildPacks> {
  const notes: string[] = [];
  const genePack = newestOf(library, 'genes', build);
  let genes: GeneIndex | null = null;
  if (!genePack) notes.push(`No gene annotation for ${build}: import a ${build} gene pack (precis knowledge import) to see genes and consequences.`);
  else {
    try {
      genes = await readGenePack([...(await verifiedPackFiles(library, genePack)).values()][0]!);
    } catch (error) {
      notes.push(`The gene pack ${genePack.id} cannot be read: ${errorMessage(error)}`);
    }
  }
  const referencePack = newestOf(library, 'reference', build);
  let referencePath: string | null = null;
  let reference = NO_REFERENCE;
  if (referencePack) {
    try {
      const files = await verifiedPackFiles(library, referencePack);
      referencePath = [...files.entries()].find(([name]) => !name.endsWith('.fai'))![1];
      reference = IndexedFasta.open(referencePath);
    } catch (error) {
      referencePath = null;
      notes.push(`The reference pack ${referencePack.id} cannot be read: ${errorMessage(error)}`);
    }
  }
  // ClinVar and CIViC of this build, named so that loadKnowledge reads no gene pack again; a newer pack
  // of another build is said, not used.
  const ids: string[] = [];
  for (const kind of ['clinvar', 'civic'] as const) {
    const own = newestOf(library, kind, build);
    if (own) ids.push(own.id);
    const newest = latestPack(library, kind);
    if (newest && newest !== own && newest.id !== own?.id) {
      try {
        checkBuild(newest, build);
      } catch (error) {
        notes.push(errorMessage(error));
      }
    }
  }
  let knowledge: LoadedKnowledge = { clinvar: null, civic: null, genes: null, reference: NO_REFERENCE, packs: [], refused: [] };
  if (ids.length > 0) {
    try {
      knowledge = await loadKnowledge(library, build, ids);
    } catch (error) {
      notes.push(`ClinVar/CIViC cannot be read: ${errorMessage(error)}`);
    }
  }
  return { build, genes, genePack: genes ? genePack : null, referencePath, reference, knowledge, notes };
}
