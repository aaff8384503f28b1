import { useLiveStatus } from "./liveStatus";
import type { SocketState } from "./socket";

/** The words for each socket state: shown next to the dot, in its title and to screen readers (never colour only). */
export const LIVE_LABEL: Record<SocketState, { label: string; title: string }> = {
  open: { label: "Live", title: "Live updates on" },
  connecting: { label: "Connecting", title: "Connecting to live updates…" },
  closed: { label: "Reconnecting", title: "Live updates paused, reconnecting…" },
};

/** The top bar's live indicator: a coloured dot and its state in words ("Live", "Reconnecting"). */
export function LiveDot() {
  const { state } = useLiveStatus();
  const { label, title } = LIVE_LABEL[state];
  return (
    <span className={`live-indicator live-indicator-${state}`} title={title} data-testid="live-indicator">
      <span className={`live-dot live-${state}`} aria-hidden="true" />
      <span className="live-label">{label}</span>
    </span>
  );
}
