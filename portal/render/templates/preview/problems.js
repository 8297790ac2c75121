// The live preview's banner (scripts/serve, hooks/portal_serve.py): when the last save left data/
// invalid, the preview keeps the last good pages and writes every problem to problems.json beside
// this script; this shows them at the top of every page, and marks the page under it as not updated.
(async () => {
  const here = new URL(document.currentScript.src);
  let answer;
  try {
    const response = await fetch(new URL("problems.json", here), { cache: "no-store" });
    if (!response.ok) return; // no file: the data is valid and the pages are up to date
    answer = await response.json();
  } catch {
    return;
  }
  const banner = document.createElement("section");
  banner.id = "pt-preview-problems";
  banner.setAttribute("role", "alert");
  banner.setAttribute("aria-labelledby", "pt-preview-problems-title");
  Object.assign(banner.style, {
    background: "#fff4f4", color: "#5c0000", border: "3px solid #b00020", padding: "0.8rem 1rem",
    margin: "0", font: "16px/1.6 system-ui, sans-serif", overflowWrap: "anywhere", position: "relative", zIndex: "10",
  });
  const title = document.createElement("h2");
  title.id = "pt-preview-problems-title";
  title.style.margin = "0 0 0.4rem";
  title.style.fontSize = "1.1rem";
  title.textContent = `数据有 ${answer.problems.length} 个问题，预览没有更新`;
  const note = document.createElement("p");
  note.style.margin = "0 0 0.4rem";
  note.textContent = `下面的网页是上一次数据有效时生成的，不含 ${answer.saved_at} 之后的修改；` +
    `${answer.base ? `已与已发布的版本（${answer.base}）比较。` : ""}改正下列问题并保存后，预览会自动更新。`;
  const list = document.createElement("ol");
  list.style.margin = "0";
  list.style.paddingLeft = "1.4rem";
  for (const p of answer.problems) {
    const item = document.createElement("li");
    const where = document.createElement("code");
    where.textContent = `${p.path}:${p.line}`;
    item.append(where, ` ${p.field ? `${p.label || p.field}（${p.field}）：` : ""}${p.message}`);
    list.append(item);
  }
  banner.append(title, note, list);
  document.body.prepend(banner);
  for (const content of document.querySelectorAll("main, .md-main")) {
    content.setAttribute("data-pt-stale", "未更新");
    content.style.outline = "4px dashed #b00020";
    content.style.outlineOffset = "-4px";
  }
})();
