#!/usr/bin/env bash
# A real editor's LSP client against `skeptic lsp --stdio`: Debian's Neovim opens a vulnerable Python file
# headless and must show Skeptic's diagnostic on the flaw. Installs neovim when missing (CI runs as root).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
if ! command -v nvim >/dev/null 2>&1; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq neovim >/dev/null
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
printf 'def find(cursor, name):\n    q = "SELECT * FROM users WHERE name = %s" %% name\n    cursor.execute(q)\n' "'%s'" > "$work/app.py"
cat > "$work/init.lua" <<LUA
-- Works from Neovim 0.7 (Debian 12): start the client and attach it to Python buffers.
local client = vim.lsp.start_client({ name = 'skeptic', cmd = { '$root/bin/skeptic', 'lsp', '--stdio' }, root_dir = '$work' })
vim.api.nvim_create_autocmd('FileType', { pattern = 'python', callback = function(args) vim.lsp.buf_attach_client(args.buf, client) end })
LUA
out=$(cd "$work" && timeout 60 nvim --headless -u "$work/init.lua" app.py \
  -c 'lua vim.wait(15000, function() return #vim.diagnostic.get(0) > 0 end)' \
  -c 'lua for _, d in ipairs(vim.diagnostic.get(0)) do io.stdout:write(string.format("%d:%d %s %s\n", d.lnum + 1, d.col + 1, d.source or "", d.code or "")) end' \
  -c 'qa!' 2>&1 || true)
echo "neovim: $out"
if grep -q '^3:20 skeptic sql-built-from-strings' <<<"$out"; then
  echo "1 passed, 0 failed"
else
  echo "0 passed, 1 failed"
  exit 1
fi
