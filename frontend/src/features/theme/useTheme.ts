import { useCallback, useSyncExternalStore } from "react";
import { applyTheme, onSystemThemeChange, readThemeChoice, resolveTheme, storeThemeChoice, THEME_STORAGE_KEY, systemPrefersDark } from "./theme";
import type { Theme, ThemeChoice } from "./theme";

// One choice for the whole page: the header's toggle and the workflow graph read the same store.
const listeners = new Set<() => void>();
let current: ThemeChoice | null = null;

function choiceNow(): ThemeChoice {
  if (current === null) current = readThemeChoice();
  return current;
}

function publish(choice: ThemeChoice) {
  current = choice;
  applyTheme(choice);
  listeners.forEach((listener) => listener());
}

function subscribe(listener: () => void) {
  listeners.add(listener);
  // Another tab's choice arrives as a storage event; follow it here too.
  const onStorage = (event: StorageEvent) => {
    if (event.key === THEME_STORAGE_KEY || event.key === null) publish(readThemeChoice());
  };
  window.addEventListener("storage", onStorage);
  const offSystem = onSystemThemeChange(listener);
  return () => {
    listeners.delete(listener);
    window.removeEventListener("storage", onStorage);
    offSystem();
  };
}

/** Forgets the in-memory choice so the next read comes from storage (tests). */
export function resetThemeStore(): void {
  current = null;
}

/**
 * The person's theme choice ("system", "light" or "dark"), the theme on screen ("light" or "dark") and
 * setChoice, which remembers the choice in localStorage and applies it to <html> at once.
 */
export function useTheme(): { choice: ThemeChoice; theme: Theme; setChoice: (choice: ThemeChoice) => void } {
  const choice = useSyncExternalStore(subscribe, choiceNow);
  const prefersDark = useSyncExternalStore(subscribe, systemPrefersDark);
  const setChoice = useCallback((next: ThemeChoice) => {
    storeThemeChoice(next);
    publish(next);
  }, []);
  return { choice, theme: resolveTheme(choice, prefersDark), setChoice };
}
