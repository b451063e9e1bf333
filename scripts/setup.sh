#!/usr/bin/env bash
# Set up this machine for reportgen: Debian packages the checks use (LibreOffice, poppler, librsvg,
# Korean fonts, Chromium, the UNO bridge), the font substitutions for previews, and a Python
# environment in .venv.
# Safe to run again: it installs only what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
command -v soffice >/dev/null 2>&1 || need+=(libreoffice-writer-nogui)
command -v pdftoppm >/dev/null 2>&1 || need+=(poppler-utils)
command -v rsvg-convert >/dev/null 2>&1 || need+=(librsvg2-bin)
command -v chromium >/dev/null 2>&1 || need+=(chromium)  # browser tests of the HTML pages
/usr/bin/python3 -c "import uno" >/dev/null 2>&1 || need+=(python3-uno)  # one long-lived LibreOffice for PDFs
command -v fc-list >/dev/null 2>&1 || need+=(fontconfig)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need+=(postgresql)  # the service's PostgreSQL tests start a throwaway cluster
{ command -v fc-list >/dev/null 2>&1 && fc-list : family | grep -i nanum >/dev/null; } || need+=(fonts-nanum)
sudo=""
[ "$(id -u)" = 0 ] || sudo="sudo"
if [ ${#need[@]} -gt 0 ]; then
  echo "setup: installing ${need[*]}" >&2
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

# 휴먼명조 / HY헤드라인M / 맑은 고딕 are named in the documents; on Linux previews use Nanum faces.
conf=templates/fontconfig/65-reportgen-korean.conf
if ! cmp -s "$conf" /etc/fonts/conf.d/65-reportgen-korean.conf 2>/dev/null; then
  $sudo cp "$conf" /etc/fonts/conf.d/ && fc-cache -f >/dev/null 2>&1 || echo "setup: could not install $conf (previews fall back to default fonts)" >&2
fi

# A Python that can make virtual environments (Debian's /usr/bin/python3, which python3-uno brings
# along, cannot without python3-venv); PYTHON picks one explicitly.
python=""
for candidate in ${PYTHON:-} python3 python3.11 python3.12 python; do
  if command -v "$candidate" >/dev/null 2>&1 && "$candidate" -c "import ensurepip, venv, sys; sys.exit(sys.version_info < (3, 11))" 2>/dev/null; then
    python=$candidate
    break
  fi
done
[ -n "$python" ] || { echo "setup: no Python 3.11+ that can make a virtual environment (install python3-venv)" >&2; exit 1; }
[ -x .venv/bin/python ] || "$python" -m venv .venv
# Editable: a plain path .pth (hatchling, pyproject.toml), so no import hook runs in every process;
# run again after pulling, so a venv made with the earlier setuptools finder is reinstalled.
.venv/bin/python -m pip install -q --disable-pip-version-check -e '.[test]' \
  2> >(grep -v "is ignored: it is neither a file nor a directory" >&2)  # this machine's pip.conf lists absent local mirrors
