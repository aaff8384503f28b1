import { useRef, type ReactNode } from "react";
import { useNavigate } from "react-router-dom";
import type { TaskSummary } from "../../api/types";
import { useListCursor } from "../keyboard/useListCursor";
import { useShortcuts } from "../keyboard/useShortcuts";
import { BulkToolbar } from "./BulkToolbar";
import { useSelection, type Selection } from "./useSelection";

export interface TaskListBulkProps {
  /** The page's selection; undefined for people who have no bulk action (not administrators). */
  selection?: Selection;
  /** The row the `j`/`k` marker is on (-1: none). */
  marked: number;
}

/**
 * A task list's keyboard marker (`j`/`k`, `o` or Enter opens) and, for administrators, its row selection (`x` ticks
 * the marked row) and the bulk toolbar above it. `children` draws the table from the selection and the marked row.
 */
export function TaskListBulk({ tasks, admin, children }: { tasks: TaskSummary[]; admin: boolean; children: (props: TaskListBulkProps) => ReactNode }) {
  const navigate = useNavigate();
  const wrap = useRef<HTMLDivElement>(null);
  const ids = tasks.map((task) => task.id);
  const selection = useSelection(ids);
  const marked = useListCursor({
    count: tasks.length,
    rowsKey: ids.join(","),
    open: (index) => void navigate(`/tasks/${tasks[index].id}`),
    focusRow: (index) => {
      const row = wrap.current?.querySelectorAll<HTMLElement>("[data-testid='task-row']")[index];
      row?.querySelector<HTMLElement>("a")?.focus();
      row?.scrollIntoView?.({ block: "nearest" });
    },
  });
  // x ticks or unticks the marked row (administrators)
  useShortcuts({ x: () => (marked >= 0 && tasks[marked] ? selection.toggle(tasks[marked].id) : false) }, admin);
  return (
    <div ref={wrap} className="task-list-bulk">
      {admin && <BulkToolbar tasks={tasks.filter((task) => selection.selected.has(task.id))} onClear={selection.clear} />}
      {children({ selection: admin ? selection : undefined, marked })}
    </div>
  );
}
