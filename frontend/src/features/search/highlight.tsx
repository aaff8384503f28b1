import { Fragment } from "react";

/** The servers' highlight markers (tts_common.search): a match sits between START and STOP. */
export const HIGHLIGHT_START = "\u0002";
export const HIGHLIGHT_STOP = "\u0003";

export interface HighlightPart {
  text: string;
  match: boolean;
}

/**
 * A snippet cut into plain text and matches. A marker without its partner is dropped (the text stays plain);
 * empty parts are left out. The parts are text: React escapes them, nothing is ever parsed as HTML.
 */
export function highlightParts(snippet: string): HighlightPart[] {
  const parts: HighlightPart[] = [];
  let match = false;
  let current = "";
  const push = () => {
    if (current) parts.push({ text: current, match });
    current = "";
  };
  for (const character of snippet) {
    if (character === HIGHLIGHT_START && !match) {
      push();
      match = true;
    } else if (character === HIGHLIGHT_STOP && match) {
      push();
      match = false;
    } else if (character !== HIGHLIGHT_START && character !== HIGHLIGHT_STOP) {
      current += character;
    }
  }
  // An unclosed match is not a match: what followed the lone START is plain text.
  if (match) {
    parts.push({ text: current, match: false });
    current = "";
  }
  push();
  return parts.filter((part) => part.text);
}

/** The snippet with its matches in `<mark>`. */
export function Highlighted({ text }: { text: string }) {
  return (
    <>
      {highlightParts(text).map((part, index) => (
        <Fragment key={index}>{part.match ? <mark>{part.text}</mark> : part.text}</Fragment>
      ))}
    </>
  );
}
