#!/bin/sh
# Install the Debian packages the course needs from the system, when they are missing.
# Usage: tools/need-packages.sh WHY CHECK:PACKAGE...
#   CHECK is a command name, "font-zh" for a Chinese font, or "pg-server" for PostgreSQL's
#   server programs (Debian keeps them in /usr/lib/postgresql/VERSION/bin, off the PATH).
# Installs only as root with apt-get; otherwise says what is missing and what it means.
why="$1"; shift
need=""
for pair in "$@"; do
  check="${pair%%:*}"; package="${pair#*:}"
  if [ "$check" = "font-zh" ]; then
    fc-list :lang=zh 2>/dev/null | grep -q . || need="$need $package"
  elif [ "$check" = "pg-server" ]; then
    ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || command -v initdb >/dev/null 2>&1 \
      || need="$need $package"
  else
    command -v "$check" >/dev/null 2>&1 || need="$need $package"
  fi
done
[ -z "$need" ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "安装系统软件包：$need"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $need >/dev/null
else
  echo "缺少$need：$why"
fi
exit 0
