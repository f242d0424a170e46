// The command table: every `precis` command, in the order the usage lists them.
import type { CliCommand } from '../command.ts';
import { importCommand } from './import.ts';
import { patientsCommand, seriesCommand } from './list.ts';

export const COMMANDS: readonly CliCommand[] = [importCommand, patientsCommand, seriesCommand];
