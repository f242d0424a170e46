// What one `precis` command is: its words, flags, help and --json shape. The CLI's usage text, its flag
// parsing and its dispatch are all generated from the table in commands/index.ts, so a new command is
// one file plus one line there.
import type { ParseArgsConfig } from 'node:util';
import type { Core } from '../core.ts';

export type CliFlags = NonNullable<ParseArgsConfig['options']>;

export interface CliContext {
  /** Positionals after the command's words. */
  args: string[];
  /** Parsed flags: the common ones (--data-dir, --json) and the command's own. */
  values: Record<string, string | boolean | string[] | undefined>;
  json: boolean;
  dataDir: string;
  /** Opens the data directory with its key (prompting when needed); once per run. */
  openCore(): Promise<Core>;
}

export interface CliCommand {
  /** One or two words, e.g. 'import', 'audit verify', 'export case'. */
  name: string;
  /** Positional arguments, as shown in the usage, e.g. '<paths...>'. */
  params?: string;
  summary: string;
  /** The command's own flags (besides --data-dir and --json). */
  flags?: CliFlags;
  /** Help lines for those flags. */
  flagHelp?: string[];
  /** The shape `--json` prints, for the help text and the README. */
  jsonShape?: string;
  /** Returns the exit code: 0 success, 1 error, 2 partial, 64 usage, 130 cancelled. */
  run(ctx: CliContext): Promise<number> | number;
}
