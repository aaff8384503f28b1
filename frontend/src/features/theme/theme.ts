/**
 * The console's colour theme (issue 15): "system" follows the operating system's light or dark setting
 * (prefers-color-scheme), "light" and "dark" are the person's own choice. The choice lives in localStorage
 * under THEME_STORAGE_KEY and shows as `data-theme` on <html> (absent for "system"); styles/app.css holds
 * both palettes. index.html applies a stored choice before the first paint with the same rule as applyTheme.
 */
export type ThemeChoice = "system" | "light" | "dark";
export type Theme = "light" | "dark";

export const THEME_STORAGE_KEY = "tts.theme";
export const THEME_CHOICES: readonly ThemeChoice[] = ["system", "light", "dark"];
const DARK_QUERY = "(prefers-color-scheme: dark)";

function isChoice(value: unknown): value is ThemeChoice {
  return typeof value === "string" && (THEME_CHOICES as readonly string[]).includes(value);
}

/** The stored choice; "system" when none is stored, it is not one of the three, or storage is unavailable. */
export function readThemeChoice(): ThemeChoice {
  try {
    const stored = window.localStorage.getItem(THEME_STORAGE_KEY);
    return isChoice(stored) ? stored : "system";
  } catch {
    return "system";
  }
}

/** Remembers `choice` ("system" forgets any earlier one); a storage that refuses (private mode, full) is ignored. */
export function storeThemeChoice(choice: ThemeChoice): void {
  try {
    if (choice === "system") window.localStorage.removeItem(THEME_STORAGE_KEY);
    else window.localStorage.setItem(THEME_STORAGE_KEY, choice);
  } catch {
    // The choice then lasts for this page only.
  }
}

/** Shows `choice` on <html>: data-theme="light" or "dark", none for "system" (the CSS media query decides). */
export function applyTheme(choice: ThemeChoice, root: HTMLElement = document.documentElement): void {
  if (choice === "system") delete root.dataset.theme;
  else root.dataset.theme = choice;
}

/** Whether the operating system asks for dark colours now (false where matchMedia is missing). */
export function systemPrefersDark(): boolean {
  return typeof window.matchMedia === "function" && window.matchMedia(DARK_QUERY).matches;
}

/** The theme actually on screen for `choice`. */
export function resolveTheme(choice: ThemeChoice, prefersDark: boolean = systemPrefersDark()): Theme {
  if (choice === "system") return prefersDark ? "dark" : "light";
  return choice;
}

/** Calls `listener` whenever the system's light/dark setting changes; returns the unsubscribe. */
export function onSystemThemeChange(listener: () => void): () => void {
  if (typeof window.matchMedia !== "function") return () => undefined;
  const query = window.matchMedia(DARK_QUERY);
  query.addEventListener("change", listener);
  return () => query.removeEventListener("change", listener);
}
