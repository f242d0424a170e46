// Audit chains: every event's hash covers the previous event's hash, so a removed or edited row breaks
// the chain from that point on. Two chains of the same kind: the library's (audit_events, who searched
// and imported) and each case file's own (case_audit, who opened and viewed that patient).
// Appends read the last hash and insert in one BEGIN IMMEDIATE transaction: two processes appending at
// once (the CLI while the web host answers searches) would otherwise both chain onto the same row and
// fork the chain, which then verifies as tampered.
import { createHash } from 'node:crypto';
import { Repository, type ReadableDb, type WritableDb } from '../../storage/database.ts';

export interface AuditEvent {
  actor: string;
  action: string;
  caseId: string | null;
  detail: Record<string, unknown>;
}

/** A chained table and the columns its hash covers, in hashing order (after the previous hash). */
interface Chain {
  table: 'audit_events' | 'case_audit';
  columns: readonly string[];
}

export const LIBRARY_CHAIN: Chain = { table: 'audit_events', columns: ['at', 'actor', 'action', 'case_id', 'detail'] };
export const CASE_CHAIN: Chain = { table: 'case_audit', columns: ['at', 'actor', 'action', 'detail'] };

const GENESIS = '0'.repeat(64);

function linkHash(prev: string, values: ReadonlyArray<string | number | null | undefined>): string {
  return createHash('sha256')
    .update([prev, ...values.map((v) => v ?? '')].join('\n'))
    .digest('hex');
}

/** Appends one row to a chain; serialised against other connections and processes. */
export function appendChained(db: WritableDb, chain: Chain, row: Record<string, string | null>): void {
  const values = chain.columns.map((c) => row[c] ?? null);
  const insert = db.prepare(
    `INSERT INTO ${chain.table} (${chain.columns.join(', ')}, prev_hash, hash) VALUES (${chain.columns.map(() => '?').join(', ')}, ?, ?)`,
  );
  const last = db.prepare(`SELECT hash FROM ${chain.table} ORDER BY seq DESC LIMIT 1`).pluck();
  const append = db.transaction(() => {
    const prev = (last.get() as string | null | undefined) ?? GENESIS;
    insert.run(...values, prev, linkHash(prev, values));
  });
  // Inside an outer transaction (commitSeries) this is a savepoint of it, already holding the write lock.
  if (db.inTransaction) append();
  else append.immediate();
}

export function appendAudit(db: WritableDb, event: AuditEvent): void {
  appendChained(db, LIBRARY_CHAIN, {
    at: new Date().toISOString(),
    actor: event.actor,
    action: event.action,
    case_id: event.caseId,
    detail: JSON.stringify(event.detail),
  });
}

export interface ChainCheck {
  /** Rows read. */
  checked: number;
  /** Sequence number of the first row whose link does not verify, or null when the chain is intact. */
  brokenAt: number | null;
}

/** Walks a chain from its first row, in one read transaction (a consistent snapshot). */
export function checkChain(db: ReadableDb, chain: Chain): ChainCheck {
  return db.transaction(() => {
    let prev = GENESIS;
    let checked = 0;
    const rows = db.prepare(`SELECT * FROM ${chain.table} ORDER BY seq`).iterate() as IterableIterator<Record<string, string | number | null>>;
    for (const r of rows) {
      checked++;
      const expected = linkHash(prev, chain.columns.map((c) => r[c]));
      if (r.prev_hash !== prev || r.hash !== expected) return { checked, brokenAt: Number(r.seq) };
      prev = String(r.hash);
    }
    return { checked, brokenAt: null };
  })();
}

/** Returns the sequence number of the first broken link of the library chain, or null when intact. */
export function verifyAuditChain(db: ReadableDb): number | null {
  return checkChain(db, LIBRARY_CHAIN).brokenAt;
}

/** The library's audit chain as a repository: appends, finds and checks. */
export class LibraryAudit extends Repository {
  append(event: AuditEvent): void {
    appendAudit(this.write, event);
  }

  /** Events with one of `actions`, oldest first (e.g. the start and end records of imports). */
  find(actions: readonly string[]): Array<{ seq: number; action: string; detail: string }> {
    return this.read
      .prepare(`SELECT seq, action, detail FROM audit_events WHERE action IN (${actions.map(() => '?').join(', ')}) ORDER BY seq`)
      .all(...actions) as Array<{ seq: number; action: string; detail: string }>;
  }

  /** Runs `work` under the library's write lock (so a look and an append cannot be split by another process). */
  locked<T>(work: () => T): T {
    return this.write.transaction(work).immediate();
  }

  check(): ChainCheck {
    return checkChain(this.read, LIBRARY_CHAIN);
  }
}

/** A case file's own audit chain (who opened and viewed this patient). */
export class CaseAudit extends Repository {
  append(event: { at?: string; actor: string; action: string; detail: Record<string, unknown> }): void {
    appendChained(this.write, CASE_CHAIN, { at: event.at ?? new Date().toISOString(), actor: event.actor, action: event.action, detail: JSON.stringify(event.detail) });
  }

  check(): ChainCheck {
    return checkChain(this.read, CASE_CHAIN);
  }
}
