import { useLiveStatus } from "./liveStatus";
import "./live.css";

/** Says in words, to everyone and to screen readers (role=status), that live updates are not arriving. */
export function LiveBanner() {
  const { paused } = useLiveStatus();
  return (
    <div role="status" aria-label="Live updates" className="live-banner-region">
      {paused && (
        <p className="live-banner" data-testid="live-banner">
          <strong>Live updates paused, reconnecting.</strong> Your tasks and notifications are refreshed every 30 seconds meanwhile.
        </p>
      )}
    </div>
  );
}
