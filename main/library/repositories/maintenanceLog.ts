// Which one-time maintenance tasks the library has finished (migration 0002-maintenance-log).
import { Repository, type ReadableDb, type WritableDb } from '../../storage/database.ts';

export type MaintenanceTask = 'store-encrypted';

export class MaintenanceLog extends Repository {
  isDone(task: MaintenanceTask): boolean {
    return this.read.prepare('SELECT 1 FROM maintenance_log WHERE task = ?').pluck().get(task) !== undefined;
  }

  markDone(task: MaintenanceTask): void {
    this.write.prepare('INSERT OR IGNORE INTO maintenance_log (task, done_at) VALUES (?, ?)').run(task, new Date().toISOString());
  }
}
