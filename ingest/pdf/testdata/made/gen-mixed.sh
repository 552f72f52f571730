#!/bin/sh
# mixed-pages.pdf: a report whose pages 3 and 5 give no text, put together with qpdf (Debian's qpdf 11)
# from files in this folder's siblings: pages 1, 2, 4 and 6 are quality/set/one-header-footer.pdf's four
# pages (running headers and page numbers), page 3 is realworld/TAMReview.pdf's page 4 (its subset fonts
# map their glyphs to no letters), page 5 is made/scan.pdf (a picture, no text layer).
set -eu
cd "$(dirname "$0")/.."
qpdf --empty --static-id --pages \
  quality/set/one-header-footer.pdf 1-2 \
  realworld/TAMReview.pdf 4 \
  quality/set/one-header-footer.pdf 3 \
  made/scan.pdf 1 \
  quality/set/one-header-footer.pdf 4 \
  -- made/mixed-pages.pdf
