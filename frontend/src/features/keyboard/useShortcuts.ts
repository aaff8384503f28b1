import { useEffect, useRef } from "react";

/**
 * A shortcut's keys: one key ("j", "?", "/", "Enter") or a two-key sequence written with a space ("g i": press g,
 * then i within SEQUENCE_MS). Keys are `KeyboardEvent.key` values, so "?" is Shift+/ on a US layout.
 */
/** A handler that returns `false` declines the key (it goes on to the browser, e.g. Enter on a link). */
export type Shortcuts = Record<string, (event: KeyboardEvent) => boolean | void>;

/** How long the second key of a sequence ("g i") may follow the first, in milliseconds. */
export const SEQUENCE_MS = 1500;

/** True when keys typed at `target` belong to it: a text field, a select, a contenteditable region. */
export function isTypingTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable || target.closest("[contenteditable=''], [contenteditable='true']")) return true;
  const tag = target.tagName;
  if (tag === "TEXTAREA" || tag === "SELECT") return true;
  if (tag !== "INPUT") return false;
  const type = ((target as HTMLInputElement).type || "text").toLowerCase();
  return !["checkbox", "radio", "button", "submit", "reset", "range", "color", "file", "image"].includes(type);
}

/**
 * Whether a key press may be a shortcut at all: not while typing in a field, not with Ctrl, Meta (⌘) or Alt held
 * (those belong to the browser and to access keys), not while a modal dialog is open (its own keys rule), and not
 * when something already handled it.
 */
export function mayBeShortcut(event: KeyboardEvent): boolean {
  if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey || event.isComposing) return false;
  if (isTypingTarget(event.target)) return false;
  if (typeof document !== "undefined" && document.querySelector("dialog[open]")) return false;
  return true;
}

/**
 * Matches key presses against `shortcuts`, sequences included. `now` is injectable for tests. Returns the handler
 * that ran, or undefined. A first key of a sequence ("g") is remembered and consumed; an unknown second key forgets it.
 */
export function createMatcher(getShortcuts: () => Shortcuts, now: () => number = Date.now) {
  let pending: { key: string; at: number } | null = null;
  return (event: KeyboardEvent): string | undefined => {
    if (!mayBeShortcut(event)) {
      pending = null;
      return undefined;
    }
    const shortcuts = getShortcuts();
    const key = event.key;
    if (pending && now() - pending.at <= SEQUENCE_MS) {
      const combo = `${pending.key} ${key}`;
      pending = null;
      if (shortcuts[combo] && shortcuts[combo](event) !== false) {
        event.preventDefault();
        return combo;
      }
      return undefined;
    }
    pending = null;
    if (Object.keys(shortcuts).some((combo) => combo.startsWith(`${key} `) && combo.length > key.length + 1)) {
      pending = { key, at: now() };
      return undefined;
    }
    if (shortcuts[key] && shortcuts[key](event) !== false) {
      event.preventDefault();
      return key;
    }
    return undefined;
  };
}

/**
 * Binds `shortcuts` on the document while the component is mounted (the latest handlers are used, so a plain
 * object literal is fine). `enabled: false` unbinds them.
 */
export function useShortcuts(shortcuts: Shortcuts, enabled = true) {
  const latest = useRef(shortcuts);
  latest.current = shortcuts;
  useEffect(() => {
    if (!enabled) return;
    const match = createMatcher(() => latest.current);
    const onKeyDown = (event: KeyboardEvent) => void match(event);
    document.addEventListener("keydown", onKeyDown);
    return () => document.removeEventListener("keydown", onKeyDown);
  }, [enabled]);
}
