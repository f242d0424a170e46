// The genomics repository of a case file (case migration 0011): attached VCFs and their variants.
// An import is one write transaction held across the file's batches (BEGIN IMMEDIATE ... COMMIT):
// cancelled, failed or killed, it leaves no file row and no variant behind.
import type { SkippedLine, VariantPage, VariantRecord, VcfFileRecord } from '../../../preload/api.ts';
import type { VcfVariant } from '../../genomics/types.ts';
import type { CaseAudit } from '../../security/repositories/auditChain.ts';
import { Repository, type DatabaseHandles, type WritableDb } from '../../storage/database.ts';

/** [variant_id, chrom, pos, ref, alt, symbolic (0/1)]. */
export type VariantAlleleRow = [number, string, number, string, string, number];

export type NewVcfFile = Omit<VcfFileRecord, 'fileId' | 'caseId' | 'records' | 'variants' | 'skippedLines'>;

interface FileRow {
  file_id: number; sha256: string; name: string; sample: string | null; build: VcfFileRecord['build']; test_type: VcfFileRecord['testType'];
  tumour_type: string | null; imported_at: string; imported_by: string; records: number; variants: number; skipped_lines: string;
}

interface VariantRow {
  variant_id: number; file_id: number; chrom: string; pos: number; ref: string; alt: string; original_pos: number; line: number; name: string | null;
  genotype: string | null; depth: number | null; alt_depth: number | null; vaf: number | null; filter: string | null; qual: number | null; symbolic: number;
}

const variantOf = (r: VariantRow): VariantRecord => ({
  variantId: r.variant_id, fileId: r.file_id, chrom: r.chrom, pos: r.pos, ref: r.ref, alt: r.alt, originalPos: r.original_pos, line: r.line, name: r.name,
  genotype: r.genotype, depth: r.depth, altDepth: r.alt_depth, vaf: r.vaf, filter: r.filter, qual: r.qual, symbolic: r.symbolic === 1,
});

const COLUMNS = 15;
/** Rows per INSERT: one statement call per 64 variants, its parameters passed as one array (not spread:
 *  spreading 960 arguments cost as much as SQLite itself). */
const ROWS_PER_INSERT = 64;
const insertSql = (rows: number): string => `INSERT INTO variants (file_id, chrom, pos, ref, alt, original_pos, line, name, genotype, depth, alt_depth, vaf, filter, qual, symbolic)
  VALUES ${Array.from({ length: rows }, () => `(${Array(COLUMNS).fill('?').join(', ')})`).join(', ')}`;

type Insert = { run(...params: unknown[]): unknown };

/** The open import of one file: add batches, then commit (counts and audit) or roll back. */
export class VcfImportWriter {
  readonly fileId: number;
  private readonly db: WritableDb;
  private readonly insertOne: Insert;
  private readonly insertMany: Insert;
  private readonly params: unknown[] = new Array(COLUMNS * ROWS_PER_INSERT);
  private stored = 0;
  private open = true;

  constructor(db: WritableDb, fileId: number) {
    this.db = db;
    this.fileId = fileId;
    this.insertOne = db.prepare(insertSql(1));
    this.insertMany = db.prepare(insertSql(ROWS_PER_INSERT));
  }

  private fill(v: VcfVariant, at: number, params: unknown[]): void {
    params[at] = this.fileId; params[at + 1] = v.chrom; params[at + 2] = v.pos; params[at + 3] = v.ref; params[at + 4] = v.alt;
    params[at + 5] = v.originalPos; params[at + 6] = v.line; params[at + 7] = v.id; params[at + 8] = v.genotype; params[at + 9] = v.depth;
    params[at + 10] = v.altDepth; params[at + 11] = v.vaf; params[at + 12] = v.filter; params[at + 13] = v.qual; params[at + 14] = v.symbolic ? 1 : 0;
  }

  add(variants: readonly VcfVariant[]): void {
    let i = 0;
    for (; i + ROWS_PER_INSERT <= variants.length; i += ROWS_PER_INSERT) {
      for (let k = 0; k < ROWS_PER_INSERT; k++) this.fill(variants[i + k]!, k * COLUMNS, this.params);
      this.insertMany.run(this.params);
    }
    const one: unknown[] = new Array(COLUMNS);
    for (; i < variants.length; i++) {
      this.fill(variants[i]!, 0, one);
      this.insertOne.run(one);
    }
    this.stored += variants.length;
  }

  commit(records: number, skippedLines: readonly SkippedLine[], audit: CaseAudit, actor: string, detail: Record<string, unknown>): void {
    this.db
      .prepare(`UPDATE vcf_files SET records = ?, variants = ?, skipped_lines = ?,
                first_variant_id = (SELECT min(variant_id) FROM variants WHERE variant_id > ifnull((SELECT max(last_variant_id) FROM vcf_files), 0)),
                last_variant_id = (SELECT max(variant_id) FROM variants) WHERE file_id = ?`)
      .run(records, this.stored, JSON.stringify(skippedLines), this.fileId);
    audit.append({ actor, action: 'vcf.import', detail: { ...detail, fileId: this.fileId, records, variants: this.stored, skippedLines: skippedLines.length } });
    this.db.exec('COMMIT');
    this.open = false;
  }

  /** Undoes everything this import wrote; safe to call after commit (does nothing). */
  rollback(): void {
    if (!this.open) return;
    this.open = false;
    if (this.db.inTransaction) this.db.exec('ROLLBACK');
  }
}

export class GenomicsRepository extends Repository {
  private readonly caseId: string;
  private readonly auditChain: CaseAudit;

  constructor(caseId: string, handles: DatabaseHandles, auditChain: CaseAudit) {
    super(handles);
    this.caseId = caseId;
    this.auditChain = auditChain;
  }

  /** Starts an import: takes the case's write lock and adds the file row (counts filled at commit). */
  beginImport(file: NewVcfFile): VcfImportWriter {
    this.write.exec('BEGIN IMMEDIATE');
    try {
      const { lastInsertRowid } = this.write
        .prepare(`INSERT INTO vcf_files (sha256, name, sample, build, test_type, tumour_type, imported_at, imported_by, records, variants, skipped_lines)
                  VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, 0, '[]')`)
        .run(file.sha256, file.name, file.sample, file.build, file.testType, file.tumourType, file.importedAt, file.importedBy);
      return new VcfImportWriter(this.write, Number(lastInsertRowid));
    } catch (error) {
      this.write.exec('ROLLBACK');
      throw error;
    }
  }

  get audit(): CaseAudit {
    return this.auditChain;
  }

  files(): VcfFileRecord[] {
    const rows = this.read.prepare('SELECT * FROM vcf_files ORDER BY file_id').all() as FileRow[];
    return rows.map((r) => ({
      fileId: r.file_id, caseId: this.caseId, sha256: r.sha256, name: r.name, sample: r.sample, build: r.build, testType: r.test_type, tumourType: r.tumour_type,
      importedAt: r.imported_at, importedBy: r.imported_by, records: r.records, variants: r.variants, skippedLines: JSON.parse(r.skipped_lines) as SkippedLine[],
    }));
  }

  /** The file imported from `sha256` for `sample` (null: sites-only), if any. */
  findFile(sha256: string, sample: string | null): VcfFileRecord | null {
    return this.files().find((f) => f.sha256 === sha256 && f.sample === sample) ?? null;
  }

  hasFileWithHash(sha256: string): boolean {
    return this.read.prepare('SELECT 1 FROM vcf_files WHERE sha256 = ? LIMIT 1').get(sha256) !== undefined;
  }

  /** Only what annotation reads of a file's variants, after variant `after`, `limit` at most, in file
   *  order: rows as arrays (no object per row), for the million-variant files annotation walks. */
  alleles(fileId: number, after: number, limit: number): VariantAlleleRow[] {
    return this.read.prepare('SELECT variant_id, chrom, pos, ref, alt, symbolic FROM variants WHERE file_id = ? AND variant_id > ? ORDER BY variant_id LIMIT ?').raw(true).all(fileId, after, limit) as VariantAlleleRow[];
  }

  /** Variants in file order (variant_id), after `cursor` (an opaque variant id), `limit` at most. */
  variantPage(options: { fileId?: number; cursor?: string | null; limit: number }): VariantPage {
    const after = options.cursor ? Number(options.cursor) : 0;
    let last = Number.MAX_SAFE_INTEGER;
    if (options.fileId !== undefined) {
      const range = this.read.prepare('SELECT first_variant_id AS first, last_variant_id AS last FROM vcf_files WHERE file_id = ?').get(options.fileId) as { first: number | null; last: number | null } | undefined;
      if (!range || range.first === null || range.last === null) return { items: [], next: null };
      last = range.last;
      if (after < range.first) return this.page(range.first - 1, last, options.limit);
    }
    return this.page(after, last, options.limit);
  }

  private page(after: number, last: number, limit: number): VariantPage {
    const rows = this.read.prepare('SELECT * FROM variants WHERE variant_id > ? AND variant_id <= ? ORDER BY variant_id LIMIT ?').all(after, last, limit + 1) as VariantRow[];
    const items = rows.slice(0, limit).map(variantOf);
    return { items, next: rows.length > limit ? String(items[items.length - 1]!.variantId) : null };
  }
}
