import type { Migration } from '../migrate.ts';
import { migration0001 } from './library/0001-initial.ts';
import { caseMigration0001 } from './case/0001-initial.ts';

export const LIBRARY_MIGRATIONS: readonly Migration[] = [migration0001];
export const CASE_MIGRATIONS: readonly Migration[] = [caseMigration0001];
