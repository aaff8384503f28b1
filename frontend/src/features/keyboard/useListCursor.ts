import { useEffect, useState } from "react";
import { useShortcuts } from "./useShortcuts";

/** The next marked row after a `j` (+1) or `k` (-1) from `current` (-1: none yet) among `count` rows, kept in range. */
export function moveCursor(current: number, step: 1 | -1, count: number): number {
  if (count <= 0) return -1;
  if (current < 0) return step === 1 ? 0 : count - 1;
  return Math.min(count - 1, Math.max(0, current + step));
}

/**
 * A list's row marker: `j`/`k` move it (and focus the row's link through `focusRow`), `o` or Enter opens the marked
 * row (`open`). Enter on a link, button or checkbox is left to the browser. The marker resets when the rows change (`rowsKey`).
 * Returns the marked index (-1: none).
 */
export function useListCursor({
  count,
  rowsKey,
  open,
  focusRow,
}: {
  count: number;
  rowsKey: string;
  open: (index: number) => void;
  focusRow: (index: number) => void;
}): number {
  const [index, setIndex] = useState(-1);
  useEffect(() => setIndex(-1), [rowsKey]);
  const move = (step: 1 | -1) => {
    const next = moveCursor(index, step, count);
    setIndex(next);
    if (next >= 0) focusRow(next);
  };
  const openMarked = (event: KeyboardEvent) => {
    if (event.key === "Enter" && event.target instanceof HTMLElement && event.target.closest("a, button, summary, input, [role=button], [role=checkbox]")) return false;
    if (index < 0 || index >= count) return false;
    open(index);
  };
  useShortcuts({ j: () => move(1), k: () => move(-1), o: openMarked, Enter: openMarked });
  return index;
}
