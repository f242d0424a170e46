// The command table: every `precis` command, in the order the usage lists them.
import type { CliCommand } from '../command.ts';
import { analyzeCommand } from './analyze.ts';
import { annotationsCommand } from './annotations.ts';
import { auditVerifyCommand } from './audit.ts';
import { eraseCommand } from './erase.ts';
import { exportCaseCommand, exportDicomCommand } from './export.ts';
import { exportKosCommand } from './exportKos.ts';
import { exportSrCommand } from './exportSr.ts';
import { importCommand } from './import.ts';
import { importCaseCommand } from './importCase.ts';
import { keyChangeCommand } from './key.ts';
import { knowledgeCommand, knowledgeImportCommand } from './knowledge.ts';
import { variantsOverrideCommand, vcfAnnotateCommand } from './vcfAnnotate.ts';
import { modelsCommand, modelsImportCommand } from './models.ts';
import { patientsCommand, seriesCommand } from './list.ts';
import { reportsCommand } from './reports.ts';
import { variantsCommand, vcfImportCommand } from './vcf.ts';

export const COMMANDS: readonly CliCommand[] = [importCommand, patientsCommand, seriesCommand, annotationsCommand, reportsCommand, auditVerifyCommand, keyChangeCommand,
  exportCaseCommand, importCaseCommand, exportDicomCommand, exportKosCommand, exportSrCommand, eraseCommand, modelsCommand, modelsImportCommand, analyzeCommand,
  vcfImportCommand, variantsCommand, knowledgeCommand, knowledgeImportCommand, vcfAnnotateCommand, variantsOverrideCommand];
