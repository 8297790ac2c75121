# Sourced by scripts/test and scripts/serve --editor: install the JavaScript that package.json names
# (the /admin/ editor, its local backend, axe-core) with npm, once per change of package-lock.json.
# A fresh clone gets exactly the lock file (npm ci); an existing node_modules is brought up to it in
# place (npm install), never emptied first, so nothing that is using it meanwhile loses it.
# Without npm nothing happens: the site still builds, /admin/ says how to install the editor, and the
# browser tests that need it skip.
if command -v npm >/dev/null 2>&1 && [ -f package-lock.json ]; then
  npm_stamp=node_modules/.installed-$(sha256sum package-lock.json | cut -c1-16)
  if [ ! -f "$npm_stamp" ]; then
    echo "正在安装 JavaScript 依赖（npm，首次运行需要一两分钟）..." >&2
    if [ -d node_modules ]; then
      npm install --no-audit --no-fund --ignore-scripts >&2
    else
      npm ci --no-audit --no-fund --ignore-scripts >&2
    fi
    rm -f node_modules/.installed-*
    touch "$npm_stamp"
  fi
fi
