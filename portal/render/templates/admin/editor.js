// Starts Decap CMS on /admin/ with the portal's file formats (portal-format.js), from the
// generated config.yml. Decap is told to wait (CMS_MANUAL_INIT) until the formats, the portal's
// widgets, the Chinese wording Decap lacks (zh-Hans-extra.js) and the check before saving are registered.
import * as YAML from "./yaml/index.js";
import { portalFormats } from "./portal-format.js";
import { PHRASES, MESSAGES } from "./zh-Hans-extra.js";

function loadScript(src) {
  return new Promise((resolve, reject) => {
    const script = document.createElement("script");
    script.src = src;
    script.onload = resolve;
    script.onerror = () => reject(new Error(`无法加载 ${src}`));
    document.head.append(script);
  });
}

function merged(base, extra) {
  const out = { ...base };
  for (const [key, value] of Object.entries(extra)) {
    out[key] = value && typeof value === "object" ? merged(base?.[key] || {}, value) : value;
  }
  return out;
}

// Is anything filled in? An Immutable.js value from Decap, or plain data.
function filled(value) {
  if (value === null || value === undefined || value === "" || value === false) return false;
  if (typeof value.toJS === "function") return filled(value.toJS());
  if (Array.isArray(value)) return value.some(filled);
  if (typeof value === "object") return Object.values(value).some(filled);
  return true;
}

// portal-group: an optional group (withdrawn, an online channel). Its fields are required as the
// models require them, but only once something in the group is filled in: left out, it asks nothing.
function registerWidgets(CMS) {
  const object = CMS.getWidget("object");
  class GroupControl extends object.control {
    constructor(props) {
      super(props);
      const checkFields = this.validate;
      this.validate = () => (filled(this.props.value) ? checkFields() : undefined);
    }
  }
  CMS.registerWidget("portal-group", GroupControl, object.preview);
  const string = CMS.getWidget("string");
  CMS.registerWidget("portal-date", string.control, string.preview); // a text box: no locale of the browser's
  CMS.registerWidget("portal-log", logControl(CMS.getWidget("list").control), CMS.getWidget("list").preview);
}

// --- published entries, locked (portal-log) ----------------------------------------------------------

// How many entries of each dated list the published base holds, per file: asked of the local backend
// (portalPublished), which compares a save with the same base. Without it (on the forge) or without a
// base, the entries the form opened with count as published; the pull request's check has the last word.
const PUBLISHED = new Map();
let askPublished = () => Promise.resolve(null);

function publishedOf(path) {
  if (!PUBLISHED.has(path)) PUBLISHED.set(path, askPublished(path).catch(() => null));
  return PUBLISHED.get(path);
}

// A value as the form would show it, in words: an option's label, 是/否, lists and groups joined.
function shown(field, value) {
  if (value === null || value === undefined || value === "") return "";
  if (Array.isArray(value)) {
    const inner = field.field || (field.fields && { fields: field.fields, widget: "object" }) || field;
    return value.map(v => shown(inner, v)).filter(Boolean).join("；");
  }
  if (field.widget === "boolean") return value ? "是" : "否";
  if (field.options) {
    const found = field.options.find(o => (o && typeof o === "object" ? o.value : o) === value);
    return found && typeof found === "object" ? found.label : String(value);
  }
  if (typeof value === "object") {
    return (field.fields || []).map(f => [f.label, shown(f, value[f.name])]).filter(([, text]) => text)
      .map(([label, text]) => `${label}：${text}`).join("，");
  }
  return String(value);
}

// One published entry: its fields as text, and how to fix a mistake in it (a correction).
function lockedEntry(field, item, index, key) {
  const h = window.h;
  const fields = field.get("fields").toJS();
  const data = item && typeof item.toJS === "function" ? item.toJS() : item || {};
  const rows = fields.map(f => [f, shown(f, data[f.name])]).filter(([, text]) => text);
  return h("div", { key, className: "pt-locked", "data-pt-locked": String(index) },
    h("p", { className: "pt-locked-note" }, MESSAGES.locked(`${field.get("name")}[${index}]`)),
    h("dl", null, ...rows.flatMap(([f, text]) => [
      h("dt", { key: `${f.name}-t` }, f.label), h("dd", { key: `${f.name}-d` }, text)])));
}

// Decap's list, but the entries the published base holds are shown as text (lockedEntry): no input,
// no ×, no handle. New entries are Decap's own and can be removed until saved.
function logControl(ListControl) {
  return class LogControl extends ListControl {
    constructor(props) {
      super(props);
      const isNew = props.entry && props.entry.get("newRecord");
      this.state = { ...this.state, locked: isNew ? 0 : (props.value ? props.value.size : 0) };
      const own = this.renderItem;
      this.renderItem = (item, index) => (index < this.state.locked
        ? lockedEntry(this.props.field, item, index, this.state.keys[index]) : own(item, index));
      const sort = this.onSortEnd;
      this.onSortEnd = move => (Math.min(move.oldIndex, move.newIndex) < this.state.locked ? undefined : sort(move));
    }

    componentDidMount() {
      super.componentDidMount?.();
      const path = this.props.entry && this.props.entry.get("path");
      if (!path || this.props.entry.get("newRecord")) return;
      publishedOf(path).then(answer => {
        const count = answer && answer.lists ? answer.lists[this.props.field.get("name")] || 0 : null;
        if (count !== null && !this.unmounted) this.setState({ locked: count });
      });
    }

    componentWillUnmount() {
      this.unmounted = true;
      super.componentWillUnmount?.();
    }
  };
}

// --- the check before saving, with the local backend (portal editor-backend) -------------------------

function backendUrl(config) {
  const local = config.local_backend;
  if (!local || !["localhost", "127.0.0.1"].includes(location.hostname)) return null;
  return local === true ? "http://localhost:8081/api/v1" : local.url;
}

// The file a save writes: an entry's own, or for a new record the one Decap will make from its id,
// lowercased (Decap lowercases file names; portal/load/files.py's rule accepts that name).
function entryPath(collection, entry, data) {
  if (entry.get("path") && !entry.get("newRecord")) return entry.get("path");
  if (collection.folder) return `${collection.folder}/${String(data.id || "").trim().toLowerCase()}.yml`;
  return collection.files[0].file;
}

// Each problem under its field's label (the first part of its path names a field of the form), and
// all of them in a list at the top of the form: what to change, in Chinese, before saving again.
function showProblems(problems) {
  document.querySelectorAll(".pt-field-problem, #pt-problems").forEach(node => node.remove());
  if (!problems.length) return;
  const panel = document.createElement("div");
  panel.id = "pt-problems";
  panel.setAttribute("role", "alert");
  const title = document.createElement("p");
  title.textContent = MESSAGES.notSaved(problems.length);
  const list = document.createElement("ul");
  for (const problem of problems) {
    const item = document.createElement("li");
    item.textContent = MESSAGES.problem(problem);
    list.append(item);
    const label = labelOf(problem.field);
    if (label) {
      const note = document.createElement("p");
      note.className = "pt-field-problem";
      note.textContent = MESSAGES.problem(problem);
      (label.closest("[class*='-ControlTopbar']") || label).after(note);
    }
  }
  panel.append(title, list);
  const form = document.querySelector("[class*='ControlPaneContainer']") || document.body;
  form.prepend(panel);
}

// The label of the field a problem names (updates[2].status): the field itself where the form
// shows it, else the nearest shown field that holds it (the list, when its item is collapsed).
function labelOf(path) {
  let scope = document;
  let label = null;
  for (const part of path.match(/[^.[\]]+/g) || []) {
    const control = label && document.getElementById(label.htmlFor);
    if (/^[0-9]+$/.test(part)) {
      const items = control ? control.querySelectorAll(":scope > div > [class*='-ListItem'], :scope > div > .pt-locked") : [];
      if (!items[Number(part)]) break;
      scope = items[Number(part)];
      continue;
    }
    const found = [...scope.querySelectorAll("label[for]")].find(l => l.htmlFor.startsWith(`${part}-field-`));
    if (!found || found.offsetParent === null) break; // not shown: a collapsed item or group
    label = found;
    scope = found.closest("[class*='-ControlContainer']") || scope;
  }
  return label;
}

async function ask(url, action, params) {
  const response = await fetch(url, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ action, params }),
  });
  return { ok: response.ok, answer: await response.json() };
}

function registerCheck(CMS, config, formats) {
  const url = backendUrl(config);
  if (!url) return; // on the forge, the pull request's check runs the same rules (.github/workflows/check.yml)
  askPublished = async path => {
    const { ok, answer } = await ask(url, "portalPublished", { path });
    return ok && answer.base ? answer : null;
  };
  CMS.registerEventListener({
    name: "preSave",
    handler: async ({ entry }) => {
      const collection = config.collections.find(c => c.name === entry.get("collection"));
      const data = entry.get("data").toJS();
      const path = entryPath(collection, entry, data);
      const raw = formats[collection.format].toFile(data);
      const { ok, answer } = await ask(url, "portalValidate", { files: { [path]: raw } });
      if (!ok) {
        const plain = String(answer.error || "").startsWith("Unknown action"); // decap-server alone
        throw new Error(plain ? MESSAGES.notChecking : answer.error || MESSAGES.backendDown);
      }
      showProblems(answer.problems);
      if (answer.problems.length) {
        const refusal = new Error(MESSAGES.notSaved(answer.problems.length));
        refusal.toString = () => refusal.message; // Decap's notice shows String(error): no "Error:"
        throw refusal;
      }
      return undefined;
    },
  });
}

// An address that would open a form that cannot be saved (a new entry of a single-file collection,
// a collection or file the configuration does not have) goes back to the list and says why. Moving to another entry by the address alone
// loads the editor afresh: Decap would otherwise keep the previous entry's form under the new address,
// and a save would write it there (the backend refuses that too: an id must match its file's name).
const ENTRY = /^#\/collections\/([^/]+)\/entries\/([^/?]+)/;

function guardRoutes(config) {
  const url = backendUrl(config);
  let shown = location.hash.match(ENTRY)?.slice(1).join("/");
  window.addEventListener("hashchange", event => {
    const now = location.hash.match(ENTRY)?.slice(1).join("/");
    const before = new URL(event.oldURL).hash.match(ENTRY)?.slice(1).join("/");
    if (now && before && now !== before && shown === before) {
      event.stopImmediatePropagation(); // registered before Decap's router: it does not see this move
      location.reload(); // the browser asks first if the form has unsaved changes (Decap's beforeunload)
      return;
    }
    shown = now;
  });
  let sentTo = null; // where check() sent the editor: the note stays there
  const check = () => {
    if (location.hash === sentTo) return;
    sentTo = null;
    document.getElementById("pt-route-note")?.remove();
    const match = location.hash.match(/^#\/collections\/([^/?]+)(?:\/(new|entries\/([^/?]+)))?/);
    if (!match) return;
    const collection = config.collections.find(c => c.name === match[1]);
    let why = null;
    if (!collection) why = MESSAGES.noCollection(match[1]);
    else if (match[2] === "new" && (collection.create !== true || !collection.folder)) why = MESSAGES.noCreate(collection.label);
    else if (match[3] && collection.files && !collection.files.some(f => f.name === match[3])) why = MESSAGES.noEntry(collection.label, match[3]);
    if (!why && match[3] && collection.folder && url) { // Decap opens an empty form for a record that is not there
      const hash = location.hash;
      ask(url, "portalEntryExists", { collection: collection.name, slug: decodeURIComponent(match[3]) })
        .then(({ ok, answer }) => ok && answer.exists === false && location.hash === hash && goBack(MESSAGES.noEntry(collection.label, match[3])))
        .catch(() => undefined);
    }
    if (why) goBack(why);
  };
  const goBack = why => {
    const collection = config.collections.find(c => c.name === location.hash.match(/^#\/collections\/([^/?]+)/)?.[1]);
    sentTo = `#/collections/${(collection || config.collections[0]).name}`; // Decap's own start page
    location.replace(sentTo);
    const note = document.createElement("p");
    note.id = "pt-route-note";
    note.setAttribute("role", "alert");
    note.textContent = why;
    document.body.prepend(note);
  };
  window.addEventListener("hashchange", check);
  check();
}

// Decap's list items have icon-only buttons and drag handles without names: screen readers and
// voice control need one. Named as they appear, in Chinese; and English names renamed.
function nameControls() {
  const name = () => {
    for (const bar of document.querySelectorAll("[class*='-StyledListItemTopBar']")) {
      const buttons = bar.querySelectorAll(":scope > button");
      if (buttons[0] && !buttons[0].hasAttribute("aria-label")) buttons[0].setAttribute("aria-label", MESSAGES.toggleItem);
      if (buttons[1] && !buttons[1].hasAttribute("aria-label")) buttons[1].setAttribute("aria-label", MESSAGES.removeItem);
      const handle = bar.querySelector(":scope > [role='button'][aria-roledescription]");
      if (handle && !handle.hasAttribute("aria-label")) handle.setAttribute("aria-label", MESSAGES.dragItem);
    }
    // react-select (Decap's select and relation widgets) names the × of a chosen value in English.
    for (const remove of document.querySelectorAll("[aria-label^='Remove ']")) {
      remove.setAttribute("aria-label", MESSAGES.removeValue(remove.getAttribute("aria-label").slice(7)));
    }
  };
  new MutationObserver(name).observe(document.body, { childList: true, subtree: true });
}

async function start() {
  window.CMS_MANUAL_INIT = true;
  const response = await fetch("config.yml", { cache: "no-cache" });
  if (!response.ok) throw new Error(`无法读取 config.yml（${response.status}）`);
  const config = YAML.parse(await response.text());
  await loadScript("decap-cms.js");
  const CMS = window.CMS;
  const formats = portalFormats(YAML, config);
  for (const [name, format] of Object.entries(formats)) {
    CMS.registerCustomFormat(name, "yml", format);
  }
  CMS.registerLocale("zh_Hans", merged(CMS.getLocale("zh_Hans"), PHRASES));
  registerWidgets(CMS);
  registerCheck(CMS, config, formats);
  guardRoutes(config);
  nameControls();
  document.getElementById("pt-editor-status").remove();
  CMS.init({ config: { ...config, load_config_file: false } });
}

start().catch(error => {
  document.getElementById("pt-editor-status").textContent = `数据编辑器无法启动：${error.message}`;
});
