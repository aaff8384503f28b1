import { useEffect, useRef } from "react";
import type { Selection } from "./useSelection";

/** The header's "Select all on this page" checkbox (mixed when some are selected). */
export function SelectAllHeader({ selection }: { selection: Selection }) {
  const box = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (box.current) box.current.indeterminate = selection.someSelected;
  }, [selection.someSelected]);
  return (
    <th scope="col" className="cell-select">
      <input ref={box} type="checkbox" aria-label="Select all on this page" checked={selection.allSelected} onChange={selection.toggleAll} />
    </th>
  );
}

/** A row's checkbox, labelled with its ticket number. */
export function SelectCell({ selection, id, label }: { selection: Selection; id: number; label: string }) {
  return (
    <td className="cell-select">
      <input type="checkbox" aria-label={`Select ${label}`} checked={selection.selected.has(id)} onChange={() => selection.toggle(id)} />
    </td>
  );
}
