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
 * The header's theme switch: three native radio buttons (System, Light, Dark) in a group named "Theme", so the
 * arrow keys move between them and a screen reader says which is chosen. The choice applies at once and is remembered.
 */
export function ThemeToggle() {
  const { choice, setChoice } = useTheme();
  return (
    <fieldset className="theme-toggle">
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
  );
}
