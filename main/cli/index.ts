// `precis`: the command line over the same core as the app. Commands come from the table in
// commands/index.ts; this file parses the words and flags, opens the core once, and maps errors to
// exit codes.
import { parseArgs } from 'node:util';
import { userInfo } from 'node:os';
import { openCore, type Core } from '../core.ts';
import { AppError, errorMessage } from '../errors.ts';
import { resolveNodeKeySource } from '../security/keySource.ts';
import type { CliCommand, CliFlags } from './command.ts';
import { COMMANDS } from './commands/index.ts';
import { resolveDataDir } from '../dataDir.ts';

// sysexits.h: the command was used incorrectly.
const EX_USAGE = 64;
const COMMON_FLAGS: CliFlags = {
  'data-dir': { type: 'string' },
  json: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
};

export function usage(): string {
  const lines = ['usage: precis <command> [options]'];
  for (const c of COMMANDS) {
    lines.push(`  ${`${c.name} ${c.params ?? ''}`.trim().padEnd(28)} ${c.summary}`);
    for (const help of c.flagHelp ?? []) lines.push(`  ${''.padEnd(30)}${help}`);
  }
  lines.push('options: --data-dir DIR, --json (machine-readable output), -h/--help');
  return lines.join('\n');
}

/** The command named by the first one or two words (the longer name wins). */
function findCommand(words: string[]): { command: CliCommand; rest: string[] } | null {
  const two = words.slice(0, 2).join(' ');
  const byTwo = COMMANDS.find((c) => c.name === two);
  if (byTwo) return { command: byTwo, rest: words.slice(2) };
  const byOne = COMMANDS.find((c) => c.name === words[0]);
  return byOne ? { command: byOne, rest: words.slice(1) } : null;
}

export async function main(argv: string[]): Promise<number> {
  // First pass: only the words, to find the command whose flags apply.
  const words = parseArgs({ args: argv, allowPositionals: true, strict: false, options: COMMON_FLAGS }).positionals;
  const found = findCommand(words);
  const flags = { ...COMMON_FLAGS, ...(found?.command.flags ?? {}) };
  const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, options: flags });
  if (values.help || words.length === 0) {
    process[values.help ? 'stdout' : 'stderr'].write(`${usage()}\n`);
    return values.help ? 0 : EX_USAGE;
  }
  if (!found) throw new AppError('usage', `Unknown command "${words.join(' ')}".\n${usage()}`);
  const dataDir = resolveDataDir(values['data-dir'] as string | undefined);
  let core: Core | null = null;
  try {
    return await found.command.run({
      // From the second pass: the first one sees a flag's value (--build GRCh38) as a word.
      args: positionals.slice(found.command.name.split(' ').length),
      values: values as Record<string, string | boolean | string[] | undefined>,
      json: values.json === true,
      dataDir,
      openCore: async () => {
        core ??= openCore(dataDir, await resolveNodeKeySource(dataDir, { interactive: true }), `cli:${userInfo().username}`);
        return core;
      },
    });
  } finally {
    await (core as Core | null)?.close();
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
