#!/usr/bin/env bash
# Run a command with no network but loopback (a new network namespace), to prove that the
# notebooks and tests never reach the network. Where the OS forbids namespaces (not root, no
# user namespaces), run it normally with a clear warning. PMLE_ALLOW_NETWORK=1 skips the jail.
set -euo pipefail
if [[ "${PMLE_ALLOW_NETWORK:-}" != "1" ]] && unshare -n true 2>/dev/null; then
  exec unshare -n bash -c 'ip link set lo up 2>/dev/null || true; echo "offline: network namespace with loopback only"; exec "$@"' bash "$@"
elif [[ "${PMLE_ALLOW_NETWORK:-}" != "1" ]] && unshare -rn true 2>/dev/null; then
  exec unshare -rn bash -c 'ip link set lo up 2>/dev/null || true; echo "offline: user+network namespace with loopback only"; exec "$@"' bash "$@"
fi
echo "WARNING: cannot create a network namespace here (needs root or user namespaces):" >&2
echo "WARNING: running WITH network access; offline behaviour is NOT proven by this run." >&2
exec "$@"
