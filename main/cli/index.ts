// `precis`: the command line over the same core as the app.
//   precis import <paths...> [--data-dir DIR] [--json]
//   precis patients [--query TEXT] [--data-dir DIR] [--json]
//   precis series <patient> [--data-dir DIR] [--json]     (patient: case id or PatientID)
import { parseArgs } from 'node:util';
import { userInfo } from 'node:os';
import { openCore, type Core } from '../core.ts';
import { AppError, errorMessage } from '../errors.ts';
import { resolveNodeKeySource } from '../security/keySource.ts';
import { resolveDataDir } from './dataDir.ts';
import { runImportCommand } from './importCommand.ts';
import { runPatientsCommand, runSeriesCommand } from './listCommands.ts';

const USAGE = `usage: precis <command> [options]
  import <paths...>     import DICOM files, folders (recursive) or DICOMDIRs
  patients              list patients (--query TEXT to search name, ID or birth date)
  series <patient>      list a patient's studies and series (case id or PatientID)
options: --data-dir DIR, --json`;
// sysexits.h: the command was used incorrectly.
const EX_USAGE = 64;

export async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      'data-dir': { type: 'string' },
      json: { type: 'boolean', default: false },
      query: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const [command, ...rest] = positionals;
  if (values.help || !command) {
    process[values.help ? 'stdout' : 'stderr'].write(`${USAGE}\n`);
    return values.help ? 0 : EX_USAGE;
  }
  if (!['import', 'patients', 'series'].includes(command)) throw new AppError('usage', `Unknown command "${command}".\n${USAGE}`);
  const dataDir = resolveDataDir(values['data-dir']);
  const core: Core = openCore(dataDir, await resolveNodeKeySource(dataDir, { interactive: true }), `cli:${userInfo().username}`);
  try {
    if (command === 'import') return await runImportCommand(core, rest, values.json);
    if (command === 'patients') return runPatientsCommand(core, values.query ?? '', values.json);
    return runSeriesCommand(core, rest[0], values.json);
  } finally {
    await core.close();
  }
}

/** A mistake in the command line itself: our own usage errors and node:util parseArgs' (unknown option...). */
function isUsageError(error: unknown): boolean {
  if (error instanceof AppError) return error.code === 'usage';
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS_');
}

export async function run(argv: string[]): Promise<void> {
  try {
    process.exitCode = await main(argv);
  } catch (error) {
    process.stderr.write(`precis: ${errorMessage(error)}\n`);
    process.exitCode = isUsageError(error) ? EX_USAGE : 1;
  }
}
