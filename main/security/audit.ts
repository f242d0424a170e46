// The global audit chain: every event's hash covers the previous hash, so a removed or edited row
// breaks the chain from that point on.
import { createHash } from 'node:crypto';
import type { Db } from '../library/db.ts';

export interface AuditEvent {
  actor: string;
  action: string;
  caseId: string | null;
  detail: Record<string, unknown>;
}

const GENESIS = '0'.repeat(64);

export function appendAudit(db: Db, event: AuditEvent): void {
  const prev = (db.prepare('SELECT hash FROM audit_events ORDER BY seq DESC LIMIT 1').pluck().get() as string | undefined) ?? GENESIS;
  const at = new Date().toISOString();
  const detail = JSON.stringify(event.detail);
  const hash = createHash('sha256')
    .update([prev, at, event.actor, event.action, event.caseId ?? '', detail].join('\n'))
    .digest('hex');
  db.prepare(
    'INSERT INTO audit_events (at, actor, action, case_id, detail, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?)',
  ).run(at, event.actor, event.action, event.caseId, detail, prev, hash);
}

/** Returns the sequence number of the first broken link, or null when the chain is intact. */
export function verifyAuditChain(db: Db): number | null {
  let prev = GENESIS;
  const rows = db.prepare('SELECT * FROM audit_events ORDER BY seq').iterate() as IterableIterator<Record<string, string | number | null>>;
  for (const r of rows) {
    const expected = createHash('sha256')
      .update([prev, r.at, r.actor, r.action, r.case_id ?? '', r.detail].join('\n'))
      .digest('hex');
    if (r.prev_hash !== prev || r.hash !== expected) return Number(r.seq);
    prev = String(r.hash);
  }
  return null;
}
