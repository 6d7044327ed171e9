#!/usr/bin/env bash
# Runs the cross-built mailwiz.com under Wine with these arguments (for tests/wine_login.rs).
exec bash "$(dirname "$0")/windows.sh" run-com "$@"
