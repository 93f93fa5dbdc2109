"""Which Chromium the browser tests drive, and how they launch it.

Found in this order: the path in `UNIPILE_SIM_CHROMIUM`; Debian's `/usr/bin/chromium`; a
`chromium`, `chromium-browser`, `google-chrome` or `google-chrome-stable` on PATH; Playwright's
own browser, when `playwright install chromium` was run. Without one, the tests fail saying how
to get one (never skip); a machine that cannot have a browser deselects them with
`pytest -m "not browser"`. `python -m tests.browser.launch` prints the one found (exit status 1
when none): `scripts/test` asks it before installing one.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

ENV_VAR = "UNIPILE_SIM_CHROMIUM"
DEBIAN_CHROMIUM = Path("/usr/bin/chromium")
ON_PATH = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
NO_PLAYWRIGHT = "playwright is not installed: pip install '.[test]' installs it"
NO_CHROMIUM = (
    f"no Chromium found: `scripts/test` installs one; or set {ENV_VAR} to one, install Debian's "
    "(`apt-get install -y chromium`) or put chromium on PATH, or run `playwright install "
    "chromium`; or deselect these tests with -m 'not browser'"
)


def chromium_path(playwright_default: str | None = None) -> Path | None:
    """The Chromium to launch; `playwright_default` is Playwright's own browser's path."""
    named = os.environ.get(ENV_VAR)
    if named:
        return Path(named) if Path(named).is_file() else None
    if DEBIAN_CHROMIUM.is_file():
        return DEBIAN_CHROMIUM
    for name in ON_PATH:
        found = shutil.which(name)
        if found:
            return Path(found)
    if playwright_default and Path(playwright_default).is_file():
        return Path(playwright_default)
    return None


def _playwright_default() -> str | None:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return None
    with sync_playwright() as playwright:
        return str(playwright.chromium.executable_path)


if __name__ == "__main__":
    found = chromium_path(_playwright_default())
    if found is None:
        raise SystemExit(1)
    print(found)
