import type { ConflictDetail } from '../../../../shared';

/**
 * The i18n key and values for "someone else's change came first" (shown as a
 * notification). Names are resolved by the caller from the cached team.
 */
export function conflictMessage(conflict: ConflictDetail, nameOf: (id: string) => string): { key: string; values: Record<string, string> } {
  const who = conflict.changedBy === null ? null : nameOf(conflict.changedBy);
  if (conflict.field === 'status') {
    const status = conflict.current ?? 'open';
    return who === null ? { key: 'conflict.statusBySomeone', values: { status } } : { key: 'conflict.status', values: { name: who, status } };
  }
  if (conflict.current === null) return who === null ? { key: 'conflict.unassignedBySomeone', values: {} } : { key: 'conflict.unassigned', values: { name: who } };
  const assignee = nameOf(conflict.current);
  return who === null ? { key: 'conflict.assigneeBySomeone', values: { assignee } } : { key: 'conflict.assignee', values: { name: who, assignee } };
}
