#!/bin/sh
# The user list comes from the environment (never baked into the image).
set -eu
umask 077
printf '"%s" "%s"\n' "${POSTGRES_USER:-samverka}" "${POSTGRES_PASSWORD:?POSTGRES_PASSWORD is required}" \
  > /tmp/userlist.txt
exec pgbouncer /etc/pgbouncer/pgbouncer.ini
