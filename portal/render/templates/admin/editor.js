// Starts Decap CMS on /admin/ with the portal's file formats (portal-format.js), from the
// generated config.yml. Decap is told to wait (CMS_MANUAL_INIT) until the formats are registered.
import * as YAML from "./yaml/index.js";
import { portalFormats } from "./portal-format.js";

function loadScript(src) {
  return new Promise((resolve, reject) => {
    const script = document.createElement("script");
    script.src = src;
    script.onload = resolve;
    script.onerror = () => reject(new Error(`无法加载 ${src}`));
    document.head.append(script);
  });
}

async function start() {
  window.CMS_MANUAL_INIT = true;
  const response = await fetch("config.yml", { cache: "no-cache" });
  if (!response.ok) throw new Error(`无法读取 config.yml（${response.status}）`);
  const config = YAML.parse(await response.text());
  await loadScript("decap-cms.js");
  for (const [name, format] of Object.entries(portalFormats(YAML, config))) {
    window.CMS.registerCustomFormat(name, "yml", format);
  }
  document.getElementById("pt-editor-status").remove();
  window.CMS.init({ config: { ...config, load_config_file: false } });
}

start().catch(error => {
  document.getElementById("pt-editor-status").textContent = `数据编辑器无法启动：${error.message}`;
});
