// A small reader for LLaMA-Factory's flat YAML configs (no npm deps: this file is copied onto hosts).
// Handles comments, blank lines, scalars (ints, floats incl. 1.0e-4 and 1e-4, bools, null, quoted
// strings), flow lists/maps and one level of block nesting (gradient_checkpointing_kwargs etc.).

export class YamlError extends Error {}

function stripComment(line) {
  let q = null;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (q) { if (c === q) q = null; continue; }
    if (c === "'" || c === '"') q = c;
    else if (c === "#" && (i === 0 || /\s/.test(line[i - 1]))) return line.slice(0, i);
  }
  return line;
}

function splitFlow(s) {
  const out = []; let depth = 0; let q = null; let cur = "";
  for (const c of s) {
    if (q) { cur += c; if (c === q) q = null; continue; }
    if (c === "'" || c === '"') q = c;
    if (c === "[" || c === "{") depth++;
    if (c === "]" || c === "}") depth--;
    if (c === "," && depth === 0) { out.push(cur.trim()); cur = ""; continue; }
    cur += c;
  }
  if (cur.trim()) out.push(cur.trim());
  return out;
}

/** OmegaConf-like scalar typing (YAML 1.2 core schema: 1e-4 is a float, yes/no stay strings). */
export function parseScalar(raw) {
  const s = raw.trim();
  if (s === "" || s === "~" || /^(null|Null|NULL)$/.test(s)) return null;
  if (/^(true|True|TRUE)$/.test(s)) return true;
  if (/^(false|False|FALSE)$/.test(s)) return false;
  if (s.startsWith('"') && s.endsWith('"') && s.length >= 2) return JSON.parse(s);
  if (s.startsWith("'") && s.endsWith("'") && s.length >= 2) return s.slice(1, -1).replace(/''/g, "'");
  if (/^[-+]?\d+$/.test(s)) return { __int: Number(s) };
  if (/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(s)) return Number(s);
  if (/^[-+]?\.(inf|Inf|INF)$/.test(s)) return s.startsWith("-") ? -Infinity : Infinity;
  if (/^\.(nan|NaN|NAN)$/.test(s)) return NaN;
  if (s.startsWith("[") && s.endsWith("]")) return splitFlow(s.slice(1, -1)).map(parseScalar);
  if (s.startsWith("{") && s.endsWith("}")) {
    const o = {};
    for (const part of splitFlow(s.slice(1, -1))) {
      const i = part.indexOf(":");
      if (i < 0) throw new YamlError(`bad flow mapping entry '${part}'`);
      o[part.slice(0, i).trim()] = parseScalar(part.slice(i + 1));
    }
    return o;
  }
  return s;
}

/** Ints are tagged {__int} so "3" and "3.0" stay distinguishable (HF treats them alike, we print them differently). */
export function untag(v) {
  if (v && typeof v === "object" && "__int" in v) return v.__int;
  if (Array.isArray(v)) return v.map(untag);
  if (v && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, untag(x)]));
  return v;
}

export function parseYaml(text) {
  const root = {};
  const stack = [{ indent: -1, obj: root }];
  const lines = text.replace(/\r\n/g, "\n").split("\n");
  lines.forEach((rawLine, idx) => {
    const line = stripComment(rawLine).replace(/\s+$/, "");
    if (!line.trim() || line.trim() === "---") return;
    const indent = line.length - line.trimStart().length;
    if (line.includes("\t")) throw new YamlError(`while scanning line ${idx + 1}: found character '\\t' that cannot start any token`);
    const body = line.trim();
    while (stack.length > 1 && indent <= stack[stack.length - 1].indent) stack.pop();
    const parent = stack[stack.length - 1];
    if (body.startsWith("- ")) {
      if (!Array.isArray(parent.list)) throw new YamlError(`line ${idx + 1}: unexpected list item`);
      parent.list.push(parseScalar(body.slice(2)));
      return;
    }
    const m = /^([^:]+?)\s*:(\s+(.*))?$/.exec(body) ?? /^([^:]+?)\s*:$/.exec(body);
    if (!m) throw new YamlError(`line ${idx + 1}: could not find expected ':' in "${body}"`);
    const key = m[1].trim().replace(/^["']|["']$/g, "");
    const rest = (m[3] ?? "").trim();
    if (rest === "") {
      // Either null or a nested block; decide when we see the next deeper line.
      parent.obj[key] = null;
      const holder = { indent, obj: {}, list: [], key, parentObj: parent.obj };
      const nextIdx = lines.slice(idx + 1).findIndex((l) => stripComment(l).trim() !== "");
      const next = nextIdx >= 0 ? stripComment(lines[idx + 1 + nextIdx]) : "";
      const nextIndent = next.length - next.trimStart().length;
      if (next.trim() && nextIndent > indent) {
        if (next.trim().startsWith("- ")) { parent.obj[key] = holder.list; }
        else { parent.obj[key] = holder.obj; }
        stack.push(holder);
      }
      return;
    }
    parent.obj[key] = parseScalar(rest);
  });
  return root;
}

/** OmegaConf.from_cli dotlist: key=value, dotted keys nest. No leading dashes allowed. */
export function parseDotlist(args) {
  const out = {};
  for (const a of args) {
    const i = a.indexOf("=");
    if (i <= 0) throw new YamlError(`Input argument '${a}' is not a valid dotlist entry (expected key=value)`);
    const path = a.slice(0, i).split(".");
    let o = out;
    for (const p of path.slice(0, -1)) o = o[p] = typeof o[p] === "object" && o[p] ? o[p] : {};
    o[path[path.length - 1]] = parseScalar(a.slice(i + 1));
  }
  return out;
}
