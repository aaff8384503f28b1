import { describe, expect, it } from "vitest";
import { render } from "@testing-library/react";
import fc from "fast-check";
import { HIGHLIGHT_START as ON, HIGHLIGHT_STOP as OFF, Highlighted, highlightParts } from "./highlight";

describe("highlightParts", () => {
  it("cuts a snippet into plain text and matches", () => {
    expect(highlightParts(`the ${ON}printer${OFF} is ${ON}jammed${OFF}`)).toEqual([
      { text: "the ", match: false },
      { text: "printer", match: true },
      { text: " is ", match: false },
      { text: "jammed", match: true },
    ]);
  });

  it("drops lone or stray markers and keeps their text plain", () => {
    expect(highlightParts(`a${OFF}b ${ON}c`)).toEqual([
      { text: "ab ", match: false },
      { text: "c", match: false },
    ]);
    expect(highlightParts(`${ON}${OFF}`)).toEqual([]);
  });
});

describe("Highlighted", () => {
  it("renders matches as <mark> and escapes everything else, markup included", () => {
    const { container } = render(
      <p>
        <Highlighted text={`<img src=x onerror=alert(1)> ${ON}<b>printer</b>${OFF} & <script>x</script>`} />
      </p>,
    );
    const paragraph = container.querySelector("p")!;
    expect(paragraph.querySelectorAll("img, b, script")).toHaveLength(0);
    expect(paragraph.querySelectorAll("mark")).toHaveLength(1);
    expect(paragraph.querySelector("mark")!.textContent).toBe("<b>printer</b>");
    expect(paragraph.textContent).toBe("<img src=x onerror=alert(1)> <b>printer</b> & <script>x</script>");
  });

  it("never loses or invents text, whatever the server sends", () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom("a", "<", ">", "&", " ", ON, OFF, "é") }), (snippet) => {
        const { container, unmount } = render(
          <p>
            <Highlighted text={snippet} />
          </p>,
        );
        expect(container.textContent).toBe(snippet.replaceAll(ON, "").replaceAll(OFF, ""));
        expect(container.querySelectorAll("p *:not(mark)")).toHaveLength(0);
        unmount();
      }),
      { numRuns: 200 },
    );
  });
});
