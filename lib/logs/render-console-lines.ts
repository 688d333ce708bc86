// What a terminal would show for console text: tqdm redraws a line with \r, and a redraw overwrites
// from column 0 without erasing what is longer than it. The console tail shows these final states,
// not the thousands of intermediate progress frames.
// eslint-disable-next-line no-control-regex
const ANSI_RE = /\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b[()][A-Za-z0-9]/g;

/** The last visible state of one \n-line containing \r redraws. */
export function renderLine(raw: string): string {
  const text = raw.replace(ANSI_RE, "");
  if (!text.includes("\r")) return text.trimEnd();
  let screen = "";
  for (const frame of text.split("\r")) {
    screen = frame.length >= screen.length ? frame : frame + screen.slice(frame.length);
  }
  return screen.trimEnd();
}

/**
 * Console text as visible lines. A trailing partial line (no \n yet, e.g. a live progress bar) is
 * rendered too, as the last element, when `includePartial` is true.
 */
export function renderConsoleLines(text: string, includePartial = true): string[] {
  const parts = text.split("\n");
  const partial = parts.pop() ?? "";
  const lines = parts.map(renderLine);
  if (includePartial && partial !== "") lines.push(renderLine(partial));
  return lines;
}
