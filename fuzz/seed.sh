#!/usr/bin/env bash
# Seed fuzz/corpus/<target>/ from the project's fixtures (run from anywhere):
#   decode, pipeline   every fixture file, bytes as they are
#   html               the HTML fixtures, as UTF-8 (GBK pages converted)
#   text_tables        the text and markdown fixtures, as UTF-8
#   narrative          the text fixtures, their lines, and the labelled sentences
#   numbers            cells and short lines of the text fixtures, and the raw
#                      figures of the labelled sentences
# Files are named by their SHA-1, as libFuzzer names what it adds, so running
# this again adds nothing twice. Pages above the fuzzer's -max_len are
# truncated by libFuzzer when it loads them.
set -euo pipefail
fuzz="$(cd "$(dirname "$0")" && pwd)"
fixtures="$fuzz/../fixtures"
corpus="$fuzz/corpus"

# put TARGET < bytes: store stdin as one corpus file.
put() {
    local dir="$corpus/$1" tmp
    mkdir -p "$dir"
    tmp="$(mktemp "$dir/.seed.XXXXXX")"
    cat >"$tmp"
    if [ -s "$tmp" ]; then
        mv "$tmp" "$dir/$(sha1sum "$tmp" | cut -c1-40)"
    else
        rm -f "$tmp"
    fi
}

# utf8 FILE: the file as UTF-8 (files named *.gbk.* are GBK).
utf8() {
    case "$1" in
        *.gbk.*) iconv -f GB18030 -t UTF-8 "$1" ;;
        *) cat "$1" ;;
    esac
}

# Every fixture (fixtures/fuzz included: crashes found earlier are seeds too).
while IFS= read -r -d '' file; do
    put decode <"$file"
    put pipeline <"$file"
done < <(find "$fixtures" -type f -print0 | sort -z)

while IFS= read -r -d '' file; do
    utf8 "$file" | put html
done < <(find "$fixtures" -type f -name '*.html' -print0 | sort -z)

# putall TARGET: store each NUL-terminated string of stdin, duplicates once.
putall() {
    local item
    sort -zu | while IFS= read -r -d '' item; do printf '%s' "$item" | put "$1"; done
}

texts=()
while IFS= read -r -d '' file; do texts+=("$file"); done \
    < <(find "$fixtures" \( -name '*.txt' -o -name '*.md' \) -type f -print0 | sort -z)
for file in "${texts[@]}"; do
    utf8 "$file" | put text_tables
    utf8 "$file" | put narrative
done
# Non-blank lines as narrative seeds; cells (lines split at |, trimmed, at
# most 80 bytes) as number seeds.
for file in "${texts[@]}"; do utf8 "$file"; echo; done |
    awk 'NF { printf "%s%c", $0, 0 }' | putall narrative
for file in "${texts[@]}"; do utf8 "$file"; echo; done | tr '|' '\n' |
    sed 's/^[[:space:]]*//; s/[[:space:]]*$//' |
    awk 'NF && length($0) <= 80 { printf "%s%c", $0, 0 }' | putall numbers

# The labelled narrative sentences and their figures.
labelled="$fixtures/narrative/labelled.toml"
grep -o '^text = ".*"$' "$labelled" | sed 's/^text = "//; s/"$//' | tr '\n' '\0' | putall narrative
grep -o 'raw = "[^"]*"' "$labelled" | sed 's/^raw = "//; s/"$//' | tr '\n' '\0' | putall numbers

for dir in "$corpus"/*/; do
    echo "$(basename "$dir"): $(find "$dir" -type f | wc -l) seeds"
done
