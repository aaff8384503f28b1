import { useEffect, useId, useRef, useState } from "react";
import type { ThemeChoice } from "./theme";
import { THEME_CHOICES } from "./theme";
import { useTheme } from "./useTheme";
import "./theme.css";

const LABELS: Record<ThemeChoice, { text: string; icon: string }> = {
  system: { text: "System", icon: "◐" },
  light: { text: "Light", icon: "☀" },
  dark: { text: "Dark", icon: "☾" },
};

/**
 * The theme switch: three native radio buttons (System, Light, Dark) in a group named "Theme", so the arrow keys
 * move between them and a screen reader says which is chosen; a choice applies at once and is remembered.
 * On a phone (theme.css, up to 600 px) the group folds behind one button ("Theme: Dark") that opens it below;
 * Escape (focus back on the button), a tap outside or leaving it with Tab closes it.
 */
export function ThemeToggle() {
  const { choice, setChoice } = useTheme();
  const [open, setOpen] = useState(false);
  const wrap = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  const groupId = useId();

  useEffect(() => {
    if (!open) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== "Escape") return;
      setOpen(false);
      button.current?.focus();
    };
    const onPointer = (event: PointerEvent) => {
      if (!wrap.current?.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener("keydown", onKey);
    document.addEventListener("pointerdown", onPointer);
    return () => {
      document.removeEventListener("keydown", onKey);
      document.removeEventListener("pointerdown", onPointer);
    };
  }, [open]);

  return (
    <div
      ref={wrap}
      className={`theme-switch${open ? " is-open" : ""}`}
      onBlur={(event) => {
        if (open && !wrap.current?.contains(event.relatedTarget as Node | null)) setOpen(false);
      }}
    >
      <button ref={button} type="button" className="button button-ghost theme-menu-button" aria-expanded={open} aria-controls={groupId} onClick={() => setOpen((now) => !now)}>
        <span aria-hidden="true">{LABELS[choice].icon}</span>
        <span className="visually-hidden">Theme: {LABELS[choice].text}</span>
      </button>
      <fieldset id={groupId} className="theme-toggle">
        <legend className="visually-hidden">Theme</legend>
        {THEME_CHOICES.map((option) => (
          <label key={option} className={`theme-option${choice === option ? " is-checked" : ""}`} title={`${LABELS[option].text} theme`}>
            <input type="radio" name="tts-theme" value={option} checked={choice === option} onChange={() => setChoice(option)} />
            <span aria-hidden="true" className="theme-icon">
              {LABELS[option].icon}
            </span>
            <span className="theme-text">{LABELS[option].text}</span>
          </label>
        ))}
      </fieldset>
    </div>
  );
}
