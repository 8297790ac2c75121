# Sourced by scripts/serve, scripts/test and scripts/bench: create .venv and install the project
# into it, once per change of pyproject.toml. Needs only Python 3.11+ and the package index.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
PYTHON=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  echo "正在创建虚拟环境 .venv ..." >&2
  "$PYTHON" -m venv .venv
fi
stamp=.venv/.installed-$(sha256sum pyproject.toml | cut -c1-16)
if [ ! -f "$stamp" ]; then
  echo "正在安装依赖（首次运行需要几分钟）..." >&2
  .venv/bin/python -m pip install --quiet --upgrade pip >&2
  .venv/bin/python -m pip install --quiet -e ".[test]" >&2
  rm -f .venv/.installed-*
  touch "$stamp"
fi
export PATH="$PWD/.venv/bin:$PATH"
export NO_MKDOCS_2_WARNING=true  # Material's banner about MkDocs 2.0; DESIGN.md records the plan
