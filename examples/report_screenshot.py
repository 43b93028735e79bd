"""Check the example article with the real model, write the HTML report and screenshot it with headless Chromium.

Run from anywhere:  python examples/report_screenshot.py [--output-dir DIR] [--height PX]

Writes DIR/report.html (the report) and DIR/report-evidence.html (the same
with the first contradicted sentence's evidence open; the first judged one if
none is contradicted), then docs/report-screenshot.png and
docs/report-evidence.png. The same as ``claimcheck check
examples/geneva-talks.hi.txt --date 2023-02-05 --format html`` once the CLI
has an HTML format. Needs Chromium (Debian/Ubuntu: ``apt-get install -y
chromium fonts-noto-core``); exits 2 without it.
"""

from __future__ import annotations

import argparse
import datetime
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ARTICLE = ROOT / "examples" / "geneva-talks.hi.txt"
CORPUS = ROOT / "corpora" / "pakistan-us-2023.jsonl"
DOCS = ROOT / "docs"
INSTALL = ("Chromium is needed for the screenshots. On Debian or Ubuntu:\n"
           "    sudo apt-get install -y chromium fonts-noto-core\n"
           "(fonts-noto-core has the Devanagari, Bengali, Tamil, Naskh Arabic and Nastaliq Urdu fonts; on Ubuntu the "
           "package may be chromium-browser, a snap), or set CHROMIUM=/path/to/chrome.")


def find_chromium() -> str | None:
    for candidate in (os.environ.get("CHROMIUM"), "/usr/bin/chromium", shutil.which("chromium"),
                      shutil.which("chromium-browser"), shutil.which("google-chrome")):
        if candidate and Path(candidate).is_file():
            return candidate
    return None


def page_height(chromium: str, page: Path, width: int) -> int | None:
    """The page's full height at ``width``, laid out by Chromium (so the screenshot holds the whole page)."""
    html = page.read_text(encoding="utf-8")
    html = re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>', "", html)  # let the measuring script run
    html = html.replace("</body>", "<script>document.title='cc-height:'+Math.ceil("
                        "document.documentElement.scrollHeight)</script></body>")
    with tempfile.TemporaryDirectory(prefix="claimcheck-chromium-") as tmp:
        probe = Path(tmp) / "measure.html"
        probe.write_text(html, encoding="utf-8")
        cmd = [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--no-first-run",
               f"--user-data-dir={Path(tmp) / 'profile'}", f"--window-size={width},800", "--dump-dom",
               probe.as_uri()]
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=180)
    found = re.search(r"cc-height:(\d+)", done.stdout)
    return int(found.group(1)) if found else None


def screenshot(chromium: str, page: Path, png: Path, width: int, height: int) -> None:
    png.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="claimcheck-chromium-") as profile:
        cmd = [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--no-first-run",
               "--disable-extensions", "--disable-background-networking", f"--user-data-dir={profile}",
               f"--window-size={width},{height}", f"--screenshot={png}", page.resolve().as_uri()]
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=180)
    if done.returncode != 0 or not png.is_file():
        sys.exit(f"chromium failed ({done.returncode}):\n{done.stderr[-2000:]}")
    print(f"wrote {png} ({png.stat().st_size:,} bytes)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--output-dir", type=Path, default=None, help="where the HTML goes (default: a temp folder)")
    parser.add_argument("--width", type=int, default=1200)
    parser.add_argument("--height", type=int, default=None,
                        help="window height (default: the page's full height, else 2400)")
    args = parser.parse_args()

    chromium = find_chromium()
    if chromium is None:
        print(INSTALL, file=sys.stderr)
        return 2

    import claimcheck
    from claimcheck.report_html import to_html

    encoder = claimcheck.load_encoder()
    index = claimcheck.StatementIndex.build(claimcheck.read_corpus(CORPUS), encoder)
    text = ARTICLE.read_text(encoding="utf-8")
    report = claimcheck.check_text(text, index, encoder=encoder, date=datetime.date(2023, 2, 5),
                                   source="examples/geneva-talks.hi.txt")
    print("verdicts:", report.counts())

    out = args.output_dir or Path(tempfile.mkdtemp(prefix="claimcheck-report-"))
    out.mkdir(parents=True, exist_ok=True)
    page = out / "report.html"
    page.write_text(to_html(report, text=text), encoding="utf-8")
    print(f"wrote {page}")

    # The panel shown open: the first contradicted sentence, else the first supported one with values compared.
    judged = [r for r in report.sentences if r.verdict is not None and r.verdict.label.value != "not_checkworthy"]
    pick = next((r for r in judged if r.verdict.label.value == "contradicted"), None)
    pick = pick or next((r for r in judged if r.verdict.label.value == "supported"
                         and any(c.comparisons for c in r.checks)), judged[0] if judged else None)
    evidence_page = out / "report-evidence.html"
    evidence_page.write_text(
        to_html(report, text=text, expanded=[pick.sentence.index] if pick else []), encoding="utf-8")
    print(f"wrote {evidence_page} (sentence {pick.sentence.index if pick else '-'} open)")

    for html, png in ((page, "report-screenshot.png"), (evidence_page, "report-evidence.png")):
        height = args.height or page_height(chromium, html, args.width) or 2400
        screenshot(chromium, html, DOCS / png, args.width, height)
    return 0


if __name__ == "__main__":
    sys.exit(main())
