import { useCallback, useEffect, useMemo, useState } from "react";

/**
 * Which rows of the current page are selected, by id. Selecting is per page: when the visible ids change (another
 * page, other filters, a refresh that dropped a row), ids no longer shown leave the selection.
 */
export function useSelection(visibleIds: number[]) {
  const [selected, setSelected] = useState<Set<number>>(() => new Set());
  const key = visibleIds.join(",");
  useEffect(() => {
    const visible = new Set(visibleIds);
    setSelected((current) => {
      const kept = [...current].filter((id) => visible.has(id));
      return kept.length === current.size ? current : new Set(kept);
    });
  }, [key]);

  const toggle = useCallback((id: number) => {
    setSelected((current) => {
      const next = new Set(current);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  }, []);
  const allSelected = visibleIds.length > 0 && visibleIds.every((id) => selected.has(id));
  const toggleAll = useCallback(() => setSelected(allSelected ? new Set() : new Set(visibleIds)), [allSelected, key]);
  const clear = useCallback(() => setSelected(new Set()), []);
  return useMemo(
    () => ({ selected, toggle, toggleAll, clear, allSelected, someSelected: selected.size > 0 && !allSelected }),
    [selected, toggle, toggleAll, clear, allSelected],
  );
}

export type Selection = ReturnType<typeof useSelection>;
