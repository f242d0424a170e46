// Index choices, checked with EXPLAIN QUERY PLAN on the SQL the library really runs (recorded while the
// domain methods run on a real library), so that lists and searches stay fast as the library grows.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importDicom } from '../../main/services/import/importDicom.ts';
import type { CaseFile, Library } from '../../main/library/index.ts';
import type { ReadableDb as Db } from '../../main/storage/database.ts';
import { charsetFiles, dicomData, openLibrary, pydicomFiles, removeTempDirs, tempDir } from './support/env.ts';

interface Query {
  sql: string;
  params: unknown[];
}

/** Runs `action` and returns every statement it executed on `db`, with its parameters. */
function recordQueries(db: Db, action: () => unknown): Query[] {
  const queries: Query[] = [];
  const prepare = db.prepare.bind(db);
  const spy = (sql: string): ReturnType<Db['prepare']> => {
    const statement = prepare(sql);
    for (const method of ['all', 'get', 'run', 'iterate'] as const) {
      const original = statement[method].bind(statement) as (...params: unknown[]) => unknown;
      Object.defineProperty(statement, method, {
        value: (...params: unknown[]) => {
          queries.push({ sql, params });
          return original(...params);
        },
      });
    }
    return statement;
  };
  Object.defineProperty(db, 'prepare', { value: spy, configurable: true, writable: true });
  try {
    action();
  } finally {
    delete (db as unknown as Record<string, unknown>).prepare;
  }
  return queries;
}

function plan(db: Db, query: Query): string[] {
  return (db.prepare(`EXPLAIN QUERY PLAN ${query.sql}`).all(...query.params) as Array<{ detail: string }>).map((r) => r.detail);
}

const SQL_WORDS = new Set(['WHERE', 'ON', 'JOIN', 'ORDER', 'GROUP', 'LIMIT', 'INNER', 'LEFT', 'CROSS', 'USING', 'SET', 'VALUES']);

/** alias or table name -> table name, from the FROM and JOIN clauses. */
function tableAliases(sql: string): Map<string, string> {
  const aliases = new Map<string, string>();
  for (const m of sql.matchAll(/\b(?:FROM|JOIN)\s+(\w+)(?:\s+(?:AS\s+)?(\w+))?/gi)) {
    const table = m[1] as string;
    aliases.set(table, table);
    if (m[2] && !SQL_WORDS.has(m[2].toUpperCase())) aliases.set(m[2], table);
  }
  return aliases;
}

/** Steps that read a whole table row by row without an index: `SCAN t`, not `SCAN t USING ... INDEX`. */
function fullScans(db: Db, query: Query, tables: readonly string[]): string[] {
  const aliases = tableAliases(query.sql);
  return plan(db, query).filter((step) => {
    const m = /^SCAN (\w+)(.*)$/.exec(step);
    if (!m || /USING (COVERING )?INDEX|USING INTEGER PRIMARY KEY/.test(m[2] ?? '')) return false;
    return tables.includes(aliases.get(m[1] as string) ?? (m[1] as string));
  });
}

const LIBRARY_TABLES = ['patients', 'patient_terms', 'case_keys', 'audit_events'];
// A case file holds one patient: its few studies are all listed, so `studies` is not among these.
const CASE_TABLES = ['series', 'instances'];
const oneLine = (sql: string): string => sql.replace(/\s+/g, ' ').trim();

describe('query plans', () => {
  let library: Library;
  let caseFile: CaseFile;
  let studyUid: string;
  let seriesUid: string;

  beforeAll(async () => {
    library = openLibrary(tempDir('plans'));
    await importDicom(library, [charsetFiles, join(pydicomFiles, 'CT_small.dcm'), join(dicomData, 'dcm_qa_ct', 'Philips')]);
    const plastic = library.searchPatients('PLASTIC', 10)[0];
    if (!plastic) throw new Error('the Philips phantom was not imported');
    caseFile = library.openCase(plastic.caseId);
    studyUid = caseFile.imaging.listStudies()[0]?.StudyInstanceUID ?? '';
    seriesUid = caseFile.imaging.listSeries(studyUid).find((s) => s.instanceCount > 1)?.SeriesInstanceUID ?? '';
  });

  afterAll(() => {
    library?.close();
    removeTempDirs();
  });

  it('the full-scan detector flags a query that has no index to use', () => {
    // Guards the tests below: a detector that never fires would pass them all.
    const query = { sql: 'SELECT * FROM instances WHERE rows = ?', params: [512] };
    expect(fullScans(caseFile.db, query, CASE_TABLES)).toEqual(['SCAN instances']);
  });

  it.each([
    ['a name prefix', 'yamada'],
    ['two name words', 'compressedsamples ct1'],
    ['a patient ID', 'SCSGREEK'],
    ['a birth date', '1800-01-01'],
  ])('patient search by %s is driven by the patient_terms index, never by reading all patients', (_label, text) => {
    // Failing: typing in the patient search gets slower with every patient in the library.
    const queries = recordQueries(library.handles.read, () => expect(library.searchPatients(text, 50).length).toBeGreaterThan(0));
    expect(queries).toHaveLength(1);
    const steps = plan(library.db, queries[0] as Query);
    expect(steps.filter((s) => /^SCAN patients/.test(s)), steps.join('\n')).toEqual([]);
    expect(steps.some((s) => /^SEARCH patient_terms USING PRIMARY KEY \(term>\? AND term<\?\)/.test(s)), steps.join('\n')).toBe(true);
    expect(steps.some((s) => /^SEARCH patients USING INDEX sqlite_autoindex_patients_1 \(case_id=\?\)/.test(s)), steps.join('\n')).toBe(true);
  });

  it('listing all patients walks the sort-order index and stops at the limit', () => {
    // Failing: opening the patient list sorts the whole library each time.
    const queries = recordQueries(library.handles.read, () => library.searchPatients('', 50));
    // (The VCF-only patients' test is one index lookup per row, not a sort or a scan.)
    expect(queries.map((q) => plan(library.db, q))).toEqual([['SCAN patients USING INDEX patients_by_sort_name', 'USING INDEX vcf_hashes_by_case FOR IN-OPERATOR']]);
  });

  it('a later page of the patient list seeks into the sort-order index after the cursor, without a sort', () => {
    // Failing: scrolling down a 10,000-patient list gets slower with every page (each page re-reads
    // or re-sorts all the rows before it), or pages are not ordered by the index at all.
    const first = library.patientPage('', null, 2);
    expect(first.nextKey).not.toBeNull();
    const queries = recordQueries(library.handles.read, () => expect(library.patientPage('', first.nextKey, 2).items.length).toBeGreaterThan(0));
    expect(queries).toHaveLength(1);
    const steps = plan(library.db, queries[0] as Query);
    expect(fullScans(library.db, queries[0] as Query, LIBRARY_TABLES), steps.join('\n')).toEqual([]);
    expect(steps, steps.join('\n')).toEqual(['SEARCH patients USING INDEX patients_by_sort_name ((sort_name,case_id)>(?,?))', 'USING INDEX vcf_hashes_by_case FOR IN-OPERATOR']);
  });

  it('finding the case of a patient at import reads one row by the patient key', () => {
    const queries = recordQueries(library.handles.write, () => library.caseFor({ PatientID: 'PLASTIC', PatientName: '', PatientBirthDate: '', PatientSex: '' }, '1'));
    for (const q of queries) expect(fullScans(library.db, q, LIBRARY_TABLES), oneLine(q.sql)).toEqual([]);
  });

  it.each([
    ['studies of a patient', () => caseFile.imaging.listStudies()],
    ['series of a study', () => caseFile.imaging.listSeries(studyUid)],
    ['instances of a series', () => caseFile.imaging.listInstances(seriesUid)],
    ['instances already imported', () => caseFile.imaging.existingInstances(['1.2.3', '4.5.6'])],
  ])('%s: no full scan of series or instances', (_label, action) => {
    // Failing: opening a patient with thousands of images reads every image row for each list.
    const queries = recordQueries(caseFile.handles.read, () => expect(action()).toBeTruthy());
    expect(queries.length).toBeGreaterThan(0);
    for (const q of queries) expect(fullScans(caseFile.db, q, CASE_TABLES), oneLine(q.sql)).toEqual([]);
  });

  it('instances of a series are read through instances_by_series', () => {
    const queries = recordQueries(caseFile.handles.read, () => caseFile.imaging.listInstances(seriesUid));
    expect(plan(caseFile.db, queries[0] as Query)).toContain('SEARCH instances USING INDEX instances_by_series (series_instance_uid=?)');
  });
});
