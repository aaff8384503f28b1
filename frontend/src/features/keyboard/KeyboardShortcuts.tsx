import { useState } from "react";
import { useNavigate } from "react-router-dom";
import { ShortcutsSheet } from "./ShortcutsSheet";
import { useShortcuts } from "./useShortcuts";

/** The comment box of a task's page: the new-comment composer, not a reply's. */
export const COMMENT_BOX = "form.composer:not(.composer-reply) textarea";

function focus(selector: string): boolean {
  const element = document.querySelector<HTMLElement>(selector);
  if (!element) return false;
  element.focus();
  return true;
}

/**
 * The console-wide shortcuts, mounted once in the layout: `?` the sheet, `/` the header search (`#global-search`),
 * `c` the comment box, `g i` My tasks, `g d` the dashboard. Lists add `j`/`k`/`o` with useListCursor.
 * `open`/`onOpenChange`, when given, hold the sheet's state outside (the sidebar's "Keyboard shortcuts" button).
 */
export function KeyboardShortcuts({ open: shown, onOpenChange }: { open?: boolean; onOpenChange?: (open: boolean) => void } = {}) {
  const [own, setOwn] = useState(false);
  const open = shown ?? own;
  const setOpen = onOpenChange ?? setOwn;
  const navigate = useNavigate();
  useShortcuts({
    "?": () => setOpen(true),
    "/": () => focus("#global-search"),
    c: () => focus(COMMENT_BOX),
    "g i": () => void navigate("/inbox"),
    "g d": () => void navigate("/dashboard"),
  });
  return <ShortcutsSheet open={open} onClose={() => setOpen(false)} />;
}
