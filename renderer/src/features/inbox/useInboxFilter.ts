import { useCallback, useState } from 'react';
import { EMPTY_FILTER, inboxFilterSchema, type InboxFilter } from '../../db';

const FILTER_KEY = 'huixin.inboxFilter';

/** The inbox opens on open threads, newest first, like the old "Open" tab. */
export const DEFAULT_FILTER: InboxFilter = { ...EMPTY_FILTER, statuses: ['open'] };

function restore(): InboxFilter {
  try {
    const saved = sessionStorage.getItem(FILTER_KEY);
    if (saved === null) return DEFAULT_FILTER;
    const parsed = inboxFilterSchema.safeParse(JSON.parse(saved));
    return parsed.success ? parsed.data : DEFAULT_FILTER;
  } catch {
    return DEFAULT_FILTER;
  }
}

/** The inbox's current filter, kept for the tab's life (a reload keeps what the agent set). */
export function useInboxFilter(): [InboxFilter, (next: InboxFilter) => void] {
  const [filter, setFilter] = useState<InboxFilter>(restore);
  const update = useCallback((next: InboxFilter) => {
    setFilter(next);
    sessionStorage.setItem(FILTER_KEY, JSON.stringify(next));
  }, []);
  return [filter, update];
}

/** Same filter, whatever order the lists were picked in (a saved view is "active" when equal). */
export function sameFilter(a: InboxFilter, b: InboxFilter): boolean {
  const norm = (f: InboxFilter) =>
    JSON.stringify({
      ...f,
      statuses: [...f.statuses].sort(),
      platforms: [...f.platforms].sort(),
      storeIds: [...f.storeIds].sort(),
      kinds: [...f.kinds].sort(),
      tags: [...f.tags].sort(),
      priorities: [...f.priorities].sort(),
    });
  return norm(a) === norm(b);
}

/** How many narrowing filters beyond status, assignee and sort are set (the Filters button's count). */
export function extraFilterCount(filter: InboxFilter): number {
  return [filter.platforms, filter.storeIds, filter.kinds, filter.tags, filter.priorities].filter((list) => list.length > 0).length;
}
