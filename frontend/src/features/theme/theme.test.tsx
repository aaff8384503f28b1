import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { act, render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import fc from "fast-check";
import { applyTheme, readThemeChoice, THEME_STORAGE_KEY } from "./theme";
import { ThemeToggle } from "./ThemeToggle";
import { resetThemeStore, useTheme } from "./useTheme";

/** A stand-in for the operating system's light/dark setting (jsdom has no matchMedia). */
function fakeSystem(dark: boolean) {
  const listeners = new Set<() => void>();
  const query = {
    get matches() {
      return dark;
    },
    media: "(prefers-color-scheme: dark)",
    addEventListener: (_: string, listener: () => void) => listeners.add(listener),
    removeEventListener: (_: string, listener: () => void) => listeners.delete(listener),
  };
  window.matchMedia = (() => query) as unknown as typeof window.matchMedia;
  return {
    set(next: boolean) {
      dark = next;
      listeners.forEach((listener) => listener());
    },
  };
}

function Shown() {
  const { choice, theme } = useTheme();
  return (
    <p>
      choice {choice}, theme {theme}
    </p>
  );
}

const root = document.documentElement;

beforeEach(() => {
  resetThemeStore();
  delete root.dataset.theme;
});

afterEach(() => {
  // @ts-expect-error jsdom has none; each test brings its own
  delete window.matchMedia;
});

describe("useTheme and the toggle", () => {
  it("follows the system when nothing is chosen: System checked, no data-theme, the system's theme on screen", () => {
    fakeSystem(true);
    render(
      <>
        <ThemeToggle />
        <Shown />
      </>,
    );
    expect(screen.getByRole("group", { name: "Theme" })).toBeInTheDocument();
    expect(screen.getByRole("radio", { name: "System" })).toBeChecked();
    expect(screen.getByText("choice system, theme dark")).toBeInTheDocument();
    expect(root.dataset.theme).toBeUndefined();
  });

  it("follows the system as it changes while System is chosen", () => {
    const system = fakeSystem(false);
    render(<Shown />);
    expect(screen.getByText("choice system, theme light")).toBeInTheDocument();
    act(() => system.set(true));
    expect(screen.getByText("choice system, theme dark")).toBeInTheDocument();
  });

  it("applies a choice at once to <html>, remembers it, and shows it again after a reload", async () => {
    fakeSystem(false);
    const user = userEvent.setup();
    const first = render(
      <>
        <ThemeToggle />
        <Shown />
      </>,
    );
    await user.click(screen.getByRole("radio", { name: "Dark" }));
    expect(root.dataset.theme).toBe("dark");
    expect(window.localStorage.getItem(THEME_STORAGE_KEY)).toBe("dark");
    expect(screen.getByText("choice dark, theme dark")).toBeInTheDocument();

    first.unmount();
    resetThemeStore();
    render(<ThemeToggle />);
    expect(screen.getByRole("radio", { name: "Dark" })).toBeChecked();
  });

  it("overrides a dark system with Light, and System forgets the choice", async () => {
    fakeSystem(true);
    const user = userEvent.setup();
    render(
      <>
        <ThemeToggle />
        <Shown />
      </>,
    );
    await user.click(screen.getByRole("radio", { name: "Light" }));
    expect(root.dataset.theme).toBe("light");
    expect(screen.getByText("choice light, theme light")).toBeInTheDocument();
    await user.click(screen.getByRole("radio", { name: "System" }));
    expect(root.dataset.theme).toBeUndefined();
    expect(window.localStorage.getItem(THEME_STORAGE_KEY)).toBeNull();
    expect(screen.getByText("choice system, theme dark")).toBeInTheDocument();
  });

  it("moves between the choices with the arrow keys (one radio group)", async () => {
    fakeSystem(false);
    const user = userEvent.setup();
    render(<ThemeToggle />);
    await user.click(screen.getByRole("radio", { name: "System" }));
    await user.keyboard("{ArrowRight}");
    expect(screen.getByRole("radio", { name: "Light" })).toBeChecked();
    expect(root.dataset.theme).toBe("light");
  });

  it("folds behind one button on a phone: it names the choice, opens the group, and Escape closes it with focus back", async () => {
    fakeSystem(false);
    const user = userEvent.setup();
    render(<ThemeToggle />);
    const button = screen.getByRole("button", { name: "Theme: System" });
    expect(button).toHaveAttribute("aria-expanded", "false");
    await user.click(button);
    expect(button).toHaveAttribute("aria-expanded", "true");
    expect(button).toHaveAttribute("aria-controls", screen.getByRole("group", { name: "Theme" }).id);
    await user.click(screen.getByRole("radio", { name: "Dark" }));
    expect(screen.getByRole("button", { name: "Theme: Dark" })).toHaveAttribute("aria-expanded", "true");
    await user.keyboard("{Escape}");
    expect(button).toHaveAttribute("aria-expanded", "false");
    expect(button).toHaveFocus();
  });

  it("follows a choice made in another tab (a storage event)", () => {
    fakeSystem(false);
    render(<Shown />);
    act(() => {
      window.localStorage.setItem(THEME_STORAGE_KEY, "dark");
      window.dispatchEvent(new StorageEvent("storage", { key: THEME_STORAGE_KEY, newValue: "dark" }));
    });
    expect(screen.getByText("choice dark, theme dark")).toBeInTheDocument();
    expect(root.dataset.theme).toBe("dark");
  });
});

describe("the stored choice", () => {
  // index.html's inline script applies the stored choice before React loads; it must agree with theme.ts.
  const html = readFileSync(resolve(__dirname, "../../../index.html"), "utf8");
  const inline = /<script>([\s\S]*?)<\/script>/.exec(html)?.[1] ?? "";

  it("is read the same way by index.html's first-paint script and by applyTheme, whatever is stored", () => {
    expect(inline).toContain(THEME_STORAGE_KEY);
    fc.assert(
      fc.property(fc.oneof(fc.constantFrom("system", "light", "dark", "Dark", ""), fc.string()), (stored) => {
        window.localStorage.setItem(THEME_STORAGE_KEY, stored);
        delete root.dataset.theme;
        new Function(inline)();
        const byScript = root.dataset.theme;
        delete root.dataset.theme;
        applyTheme(readThemeChoice());
        expect(root.dataset.theme).toBe(byScript);
        expect(readThemeChoice()).toBe(["light", "dark"].includes(stored) ? stored : "system");
      }),
    );
  });
});
