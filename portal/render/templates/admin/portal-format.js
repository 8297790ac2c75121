// The portal's YAML file format for Decap CMS: one per kind, made from that kind's fields in the
// generated config.yml (portal/render/editor.py, itself made from the models).
//
// Decap's own YAML format writes nested keys in the order they were typed, writes `no` or `010`
// bare (which YAML 1.1 readers take for a yes/no or a number), keeps emptied optional fields as ""
// and drops every comment. This one writes keys in the models' order at every depth, quotes every
// value that would not read back as the same text, leaves out empty values and keeps the file's
// opening comment, so that what the editor saves passes `portal validate` and a reviewer's diff
// shows only what changed. Pure: no browser, so tests run it under Node on the real data files.

const BARE_WORDS = new Set(["y", "n", "yes", "no", "on", "off", "true", "false", "null"]);
const ISO_DAY = /^[0-9]{4}-[0-9]{2}-[0-9]{2}$/;

// Written bare, is this text read back as the same text by every YAML reader? Yes when it is no
// yes/no word and starts with a letter, or has a Chinese (any non-ASCII) character among its first
// eight: whatever YAML 1.1 or 1.2 reads as a yes/no, number, date or time stamp is ASCII from its
// start to its end, or at least for its first eight characters (2014-4-1 08:30). The same rule as
// stays_text() in portal/render/dictionary.py.
export function staysText(text) {
  if (!text || BARE_WORDS.has(text.toLowerCase())) return false;
  return /^[A-Za-z]/.test(text) || /[^\x00-\x7f]/.test(text.slice(0, 8));
}

function isObject(value) {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

// An emptied field is the editor's way of saying "not filled in": leave it out of the file. An empty
// list stays, as the file had it (refusal_grounds: []).
function prune(value) {
  if (Array.isArray(value)) return value.map(prune).filter(v => v !== undefined);
  if (isObject(value)) {
    const kept = Object.entries(value)
      .map(([key, v]) => [key, prune(v)])
      .filter(([, v]) => v !== undefined);
    return kept.length ? Object.fromEntries(kept) : undefined;
  }
  if (value === null || value === undefined || value === "") return undefined;
  return value;
}

// A date as staff may type it (2014/6/1, 2014-6-1, 2014年6月1日) written as 2014-06-01, the one form
// the validator reads; anything else is left as typed, for the validator to name.
export function normalDate(text) {
  const match = /^\s*([0-9]{4})\s*[-/.年]\s*([0-9]{1,2})\s*[-/.月]\s*([0-9]{1,2})\s*日?\s*$/.exec(text);
  return match ? `${match[1]}-${match[2].padStart(2, "0")}-${match[3].padStart(2, "0")}` : text;
}

function scalar(YAML, value, field) {
  if (field && field.widget === "portal-date" && typeof value === "string") value = normalDate(value);
  const node = new YAML.Scalar(value);
  if (typeof value !== "string") return node;
  if (value.includes("\n")) {
    node.type = "BLOCK_LITERAL"; // always text, and reads like the paragraphs it holds
  } else if (!(field && field.widget === "portal-date" && ISO_DAY.test(value)) && !staysText(value)) {
    node.type = "QUOTE_DOUBLE";
  }
  return node;
}

function node(YAML, value, field) {
  if (Array.isArray(value)) {
    const item = field && (field.fields ? { widget: "object", fields: field.fields } : field.field || field);
    const seq = new YAML.YAMLSeq();
    seq.items = value.map(v => node(YAML, v, item));
    return seq;
  }
  if (isObject(value)) return mapping(YAML, value, (field && field.fields) || []);
  return scalar(YAML, value, field);
}

// Keys in the order of the fields, then any the configuration does not know, as they came.
function mapping(YAML, data, fields) {
  const map = new YAML.YAMLMap();
  const known = fields.map(f => f.name);
  const keys = [...known.filter(k => k in data), ...Object.keys(data).filter(k => !known.includes(k))];
  for (const key of keys) {
    if (data[key] === undefined) continue;
    map.items.push(new YAML.Pair(new YAML.Scalar(key), node(YAML, data[key], fields.find(f => f.name === key))));
  }
  return map;
}

function header(doc) {
  const contents = doc.contents;
  const first = contents && contents.items && contents.items[0];
  return doc.commentBefore || (contents && contents.commentBefore) || (first && first.key && first.key.commentBefore) || "";
}

export function portalFormat(YAML, fields) {
  // Each file's opening comment, by record id ("" for the files that hold a whole list): Decap
  // hands toFile the data alone, and a comment smuggled into the data upsets its file collections.
  const headers = new Map();
  return {
    fromFile(content) {
      // YAML 1.2: 2014-04-10 stays the text the date widget expects, as `portal validate` reads it.
      const doc = YAML.parseDocument(content, { version: "1.2", uniqueKeys: true });
      if (doc.errors.length) throw new Error(doc.errors.map(e => e.message).join("\n"));
      const data = doc.toJS() || {};
      headers.set(String(data.id ?? ""), header(doc));
      return data;
    },
    toFile(data) {
      const doc = new YAML.Document();
      doc.contents = mapping(YAML, prune(data) || {}, fields);
      const comment = headers.get(String(data.id ?? ""));
      if (comment) doc.contents.commentBefore = comment; // on the first key: no blank line after it
      return doc.toString({ lineWidth: 0, indentSeq: true });
    },
  };
}

// Every collection's format, by the name config.yml gives it (format: portal-<kind>).
export function portalFormats(YAML, config) {
  const formats = {};
  for (const collection of config.collections) {
    const fields = collection.fields || collection.files[0].fields;
    formats[collection.format] = portalFormat(YAML, fields);
  }
  return formats;
}
