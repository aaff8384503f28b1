import { Modal } from "../../components/Modal";

/** Every shortcut of the console, as the sheet lists them: keys (each a <kbd>) and what they do. */
export const SHORTCUTS: { keys: string[]; does: string }[] = [
  { keys: ["?"], does: "Show this list of shortcuts" },
  { keys: ["j"], does: "Next task in the list" },
  { keys: ["k"], does: "Previous task in the list" },
  { keys: ["o"], does: "Open the marked task (Enter too)" },
  { keys: ["x"], does: "Select the marked task for a bulk action (administrators)" },
  { keys: ["/"], does: "Search tickets and comments" },
  { keys: ["c"], does: "Write a comment (on a task's page)" },
  { keys: ["g", "i"], does: "Go to My tasks" },
  { keys: ["g", "d"], does: "Go to the dashboard" },
];

/**
 * The `?` sheet: a modal dialog listing the shortcuts (Escape closes it, focus returns where it was). Shortcuts do
 * not fire while typing in a field or with Ctrl, ⌘ or Alt held; a task's transition buttons have access keys
 * (the browser's Alt+key, Alt+Shift+key in Firefox, Ctrl+Option+key on a Mac), shown in each button's tooltip.
 */
export function ShortcutsSheet({ open, onClose }: { open: boolean; onClose: () => void }) {
  return (
    <Modal title="Keyboard shortcuts" open={open} onClose={onClose}>
      <table className="table shortcuts-table" data-testid="shortcuts-sheet">
        <caption className="visually-hidden">Keyboard shortcuts</caption>
        <thead>
          <tr>
            <th scope="col">Keys</th>
            <th scope="col">Does</th>
          </tr>
        </thead>
        <tbody>
          {SHORTCUTS.map((shortcut) => (
            <tr key={shortcut.keys.join(" ")}>
              <td>
                {shortcut.keys.map((key, index) => (
                  <span key={key}>
                    {index > 0 && " then "}
                    <kbd>{key}</kbd>
                  </span>
                ))}
              </td>
              <td>{shortcut.does}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="muted">
        Shortcuts wait while you type in a field. On a task's page each move has an access key, shown when you point at its button
        (Alt+key in Chrome and Edge, Alt+Shift+key in Firefox, Ctrl+Option+key on a Mac).
      </p>
    </Modal>
  );
}
