// `precis knowledge`: the knowledge packs of this data directory; `precis knowledge import <path>`: add
// a ClinVar VCF, a CIViC dump (its folder, or its evidence TSV beside its variant TSV), a gene
// annotation or a reference FASTA (copied, hashed, audited).
import type { GenomeBuild, KnowledgePack, KnowledgePackKind } from '../../../preload/api.ts';
import type { CliCommand } from '../command.ts';
import { AppError } from '../../errors.ts';
import { importPack, listPacks } from '../../services/knowledge/packs.ts';

const KINDS: readonly KnowledgePackKind[] = ['clinvar', 'civic', 'genes', 'reference'];
const BUILDS: readonly GenomeBuild[] = ['GRCh37', 'GRCh38'];

const line = (p: KnowledgePack): string => `${p.id}  ${p.kind} ${p.source} ${p.releaseDate ?? 'undated'} ${p.build} sha256 ${p.sha256}\n`;

export const knowledgeCommand: CliCommand = {
  name: 'knowledge',
  summary: 'list the knowledge packs (ClinVar, CIViC, gene annotations, references) with source, release and build',
  jsonShape: '[{ id, kind, source, releaseDate, build, sha256, files: [{ name, sha256, bytes }], importedBy, importedAt }]',
  async run({ json, openCore }) {
    const packs = listPacks((await openCore()).library);
    if (json) process.stdout.write(`${JSON.stringify(packs)}\n`);
    else process.stdout.write(packs.length > 0 ? packs.map(line).join('') : 'no knowledge packs\n');
    return 0;
  },
};

export const knowledgeImportCommand: CliCommand = {
  name: 'knowledge import',
  params: '<file>',
  summary: 'import a knowledge pack from files: kind, release and build read from the content, copied with its sha256, audited',
  flags: { kind: { type: 'string' }, build: { type: 'string' } },
  flagHelp: [
    '--kind clinvar|civic|genes|reference   what the file is (else detected from its content)',
    '--build GRCh37|GRCh38                  the genome build, where the file does not say it (checked where it does)',
  ],
  jsonShape: '{ id, kind, source, releaseDate, build, sha256, files: [{ name, sha256, bytes }], importedBy, importedAt, folder, again }',
  async run({ args, values, json, openCore }) {
    const [path, ...extra] = args;
    if (path === undefined || extra.length > 0) throw new AppError('usage', 'precis knowledge import needs exactly one file or folder.');
    const kind = values.kind;
    const build = values.build;
    if (kind !== undefined && !KINDS.includes(kind as KnowledgePackKind)) throw new AppError('usage', `--kind is one of ${KINDS.join(', ')}.`);
    if (build !== undefined && !BUILDS.includes(build as GenomeBuild)) throw new AppError('usage', `--build is GRCh37 or GRCh38.`);
    const core = await openCore();
    const { pack, folder, again } = await importPack(core.library, path, { kind: kind as KnowledgePackKind | undefined, build: build as GenomeBuild | undefined, actor: core.actor });
    if (json) process.stdout.write(`${JSON.stringify({ ...pack, folder, again })}\n`);
    else process.stdout.write(`${again ? 're-imported' : 'imported'} ${line(pack)}`);
    return 0;
  },
};
