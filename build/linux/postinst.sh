#!/bin/sh
# Refresh the desktop menu, the MIME database and the icon cache after Gloss is installed or removed.
# Each tool is optional: a minimal system without them still gets a working package.
command -v update-desktop-database >/dev/null 2>&1 && update-desktop-database -q /usr/share/applications || true
command -v update-mime-database >/dev/null 2>&1 && update-mime-database /usr/share/mime || true
command -v gtk-update-icon-cache >/dev/null 2>&1 && gtk-update-icon-cache -q -t -f /usr/share/icons/hicolor || true
exit 0
