// `precis models`: the ONNX models of this data directory (and of a models folder), each verified
// against its recorded hash; `precis models import DIR`: add a model folder (copied, hashed, audited).
import type { ModelListEntry } from '../../../preload/api.ts';
import type { CliCommand } from '../command.ts';
import { AppError } from '../../errors.ts';
import { importModel, listModels } from '../../services/models.ts';

function line(m: ModelListEntry): string {
  const name = `${m.id}${m.version ? ` ${m.version}` : ''}`;
  const where = m.source === 'imported' ? 'imported' : `folder ${m.path}`;
  return m.status === 'ok'
    ? `ok     ${name} (${m.task}, ${where}) sha256 ${m.sha256}${m.source === 'folder' && m.recordedSha256 === null ? ', not imported' : ''}\n`
    : `ERROR  ${name} (${where}): ${m.error?.message ?? ''}\n`;
}

export const modelsCommand: CliCommand = {
  name: 'models',
  summary: 'list the imported ONNX models (and those of a models folder), each checked against its hash',
  flags: { 'models-dir': { type: 'string' } },
  flagHelp: ['--models-dir DIR   also list (and check) the model folders found in DIR, e.g. models/'],
  jsonShape: '[{ id, version, task, source: "imported" | "folder", path, sha256, manifestSha256, recordedSha256, status: "ok" | "error", error: { code, message } | null }]',
  async run({ values, json, openCore }) {
    const dir = values['models-dir'];
    const core = await openCore();
    const models = listModels(core.library, typeof dir === 'string' ? dir : undefined);
    if (json) process.stdout.write(`${JSON.stringify(models)}\n`);
    else {
      for (const m of models) process.stdout.write(line(m));
      if (models.length === 0) process.stdout.write('no models\n');
    }
    // 2: listed, but some model cannot be used.
    return models.some((m) => m.status === 'error') ? 2 : 0;
  },
};

export const modelsImportCommand: CliCommand = {
  name: 'models import',
  params: '<dir>',
  summary: 'import a model folder (manifest.json, model.onnx, MODEL_CARD.md): checked, copied, hash recorded, audited',
  jsonShape: '{ id, version, task, sha256, manifestSha256, externalFiles: [{ path, sha256 }], importedBy, importedAt, folder, again }',
  async run({ args, json, openCore }) {
    const [dir, ...extra] = args;
    if (dir === undefined || extra.length > 0) throw new AppError('usage', 'precis models import needs exactly one model folder.');
    const core = await openCore();
    const { record, folder, again } = importModel(core.library, dir, core.actor);
    if (json) process.stdout.write(`${JSON.stringify({ ...record, folder, again })}\n`);
    else process.stdout.write(`${again ? 're-imported' : 'imported'} ${record.id} ${record.version} (${record.task}) sha256 ${record.sha256} into ${folder}\n`);
    return 0;
  },
};
