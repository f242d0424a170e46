import type { Migration } from '../../storage/migrate.ts';
import { migration0001 } from './library/0001-initial.ts';
import { migration0002 } from './library/0002-maintenance-log.ts';
import { migration0003 } from './library/0003-hanging-protocols.ts';
import { migration0004 } from './library/0004-model-registry.ts';
import { migration0005 } from './library/0005-knowledge-packs.ts';
import { caseMigration0001 } from './case/0001-initial.ts';
import { caseMigration0002 } from './case/0002-chained-audit-and-hashes.ts';
import { caseMigration0003 } from './case/0003-pixel-spacing.ts';
import { caseMigration0004 } from './case/0004-annotations.ts';
import { caseMigration0005 } from './case/0005-findings.ts';
import { caseMigration0006 } from './case/0006-key-images.ts';
import { caseMigration0007 } from './case/0007-frame-links.ts';
import { caseMigration0008 } from './case/0008-measurement-reports.ts';
import { caseMigration0009 } from './case/0009-inference-runs.ts';
import { caseMigration0010 } from './case/0010-inference-masks.ts';

export const LIBRARY_MIGRATIONS: readonly Migration[] = [migration0001, migration0002, migration0003, migration0004, migration0005];
export const CASE_MIGRATIONS: readonly Migration[] = [caseMigration0001, caseMigration0002, caseMigration0003, caseMigration0004, caseMigration0005, caseMigration0006, caseMigration0007, caseMigration0008, caseMigration0009, caseMigration0010];
