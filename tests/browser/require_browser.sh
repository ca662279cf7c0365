# Sourced by the browser test runners: `require_browser WHAT FILE...` exits
# 77 (CTest SKIPPED), loudly, unless Chromium, node, playwright-core and each
# FILE (relative to the repository root) are there. Expects $root and
# $chromium to be set.
require_browser() {
  local what=$1
  shift
  skip() {
    {
      echo "################################################################"
      echo "# SKIPPED: browser test of $what NOT RUN"
      echo "# $1"
      echo "# Install with: scripts/setup  (Debian chromium, npm ci and npm run build in web/)"
      echo "################################################################"
    } >&2
    exit 77
  }
  [ -x "$chromium" ] || skip "no Chromium at $chromium (set CITSIM_CHROMIUM or apt-get install chromium)"
  command -v node >/dev/null || skip "no node on PATH"
  [ -d "$root/web/node_modules/playwright-core" ] || skip "no $root/web/node_modules/playwright-core"
  local f
  for f in "$@"; do
    [ -f "$root/$f" ] || skip "no $root/$f (scripts/setup builds it)"
  done
}
