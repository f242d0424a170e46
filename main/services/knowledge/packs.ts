// What a user can do with knowledge packs (issue 15, item 2): import one from files they bring (copied
// to <dataDir>/knowledge/<id>/ with each file's sha256, recorded in the library, audited), list them,
// and open one checked against its recorded hashes and against the build of the data it is used with.
import { createHash, randomUUID } from 'node:crypto';
import { copyFileSync, createReadStream, existsSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { GenomeBuild, KnowledgePack, KnowledgePackKind } from '../../../preload/api.ts';
import { AppError } from '../../errors.ts';
import { detectPack } from '../../genomics/knowledge/detect.ts';
import type { Library } from '../../library/library.ts';

const KIND_NAMES: Record<KnowledgePackKind, string> = { clinvar: 'ClinVar', civic: 'CIViC', genes: 'gene annotation', reference: 'reference sequence' };

export const packFolder = (dataDir: string, id: string): string => join(dataDir, 'knowledge', id);

async function sha256Of(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

export interface PackImport { pack: KnowledgePack; folder: string; again: boolean }

export async function importPack(library: Library, source: string, options: { kind?: KnowledgePackKind; build?: GenomeBuild; actor: string; at?: string }): Promise<PackImport> {
  const found = await detectPack(resolve(source), options.kind, options.build);
  const files = await Promise.all(found.files.map(async (f) => ({ name: f.name, sha256: await sha256Of(f.path), bytes: statSync(f.path).size })));
  files.sort((a, b) => a.name.localeCompare(b.name));
  const sha256 = createHash('sha256').update(files.map((f) => `${f.name}\t${f.sha256}\n`).join('')).digest('hex');
  const id = `${found.kind}-${found.releaseDate ?? 'undated'}-${sha256.slice(0, 12)}`;
  const pack: KnowledgePack = { id, kind: found.kind, source: found.source, releaseDate: found.releaseDate, build: found.build, sha256, files, importedBy: options.actor, importedAt: options.at ?? new Date().toISOString() };
  const folder = packFolder(library.dataDir, id);
  // Copied beside the final folder, then renamed: a pack folder is whole or absent.
  const staging = join(library.dataDir, 'knowledge', `.staging-${randomUUID()}`);
  mkdirSync(staging, { recursive: true });
  try {
    for (const f of found.files) copyFileSync(f.path, join(staging, f.name));
    return library.locked(() => {
      const existing = library.knowledgePacks.get(id, true);
      if (!existsSync(folder)) renameSync(staging, folder);
      library.knowledgePacks.record(pack, existing !== null);
      return { pack, folder, again: existing !== null };
    });
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

export function listPacks(library: Library): KnowledgePack[] {
  return library.knowledgePacks.list();
}

/** The newest pack of a kind (by release date, then import), or null. */
export function latestPack(library: Library, kind: KnowledgePackKind): KnowledgePack | null {
  return library.knowledgePacks.list().filter((p) => p.kind === kind).at(-1) ?? null;
}

/** Refuses a pack for data of another genome build, naming both. */
export function checkBuild(pack: KnowledgePack, dataBuild: string): void {
  if (pack.build !== dataBuild) {
    throw new AppError('knowledge-build-mismatch', `The ${KIND_NAMES[pack.kind]} pack ${pack.id} is for ${pack.build}; this data is ${dataBuild}. A pack is only used with data of its own build: import a ${dataBuild} ${KIND_NAMES[pack.kind]} pack.`);
  }
}

/** The pack's files (name -> path), each checked against the sha256 recorded at import. */
export async function verifiedPackFiles(library: Library, pack: KnowledgePack): Promise<Map<string, string>> {
  const paths = new Map<string, string>();
  for (const f of pack.files) {
    const path = join(packFolder(library.dataDir, pack.id), f.name);
    if (!existsSync(path)) throw new AppError('knowledge-hash-mismatch', `The ${KIND_NAMES[pack.kind]} pack ${pack.id} is missing its file ${f.name}: import the pack again.`);
    if ((await sha256Of(path)) !== f.sha256) throw new AppError('knowledge-hash-mismatch', `The ${KIND_NAMES[pack.kind]} pack ${pack.id}: ${f.name} differs from what was imported (sha256): import the pack again.`);
    paths.set(f.name, path);
  }
  return paths;
}
