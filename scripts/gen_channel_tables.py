#!/usr/bin/env python3
"""Generates src/prompt/channel_tables.cpp: the Unicode and domain data the channel rules need.

  NFC normalization (X counts characters after NFC, as twitter-text does)
    canonical combining classes        -- UnicodeData.txt field 3
    canonical decompositions           -- UnicodeData.txt field 5 (mappings without a <tag>)
    primary composites                 -- two-code-point canonical decompositions minus
                                          Full_Composition_Exclusion (DerivedNormalizationProps.txt)
  East Asian Width W and F             -- EastAsianWidth.txt (Google Ads double-width characters,
                                          display columns of an email subject)
  emoji properties                     -- emoji/emoji-data.txt: Extended_Pictographic,
                                          Emoji_Modifier_Base, Emoji_Modifier, Emoji_Presentation
                                          (X counts one emoji sequence as one weighted character)
  top-level domains                    -- the ICANN section of the Public Suffix List (Debian
                                          package publicsuffix): single-label rules, Unicode form
                                          (twitter-text only recognises URLs ending in a known TLD)

Every table is sorted so a lookup is one binary search. Output is deterministic.

Usage: scripts/gen_channel_tables.py [UNICODE_DATA_DIR] [PUBLIC_SUFFIX_LIST] [OUTPUT_CPP]
  defaults: /usr/share/unicode (Debian unicode-data),
            /usr/share/publicsuffix/public_suffix_list.dat (Debian publicsuffix),
            src/prompt/channel_tables.cpp
"""
import os
import re
import sys

MAX_CP = 0x10FFFF


def parse_ranges(path, wanted):
    """Yields (first, last, value) for 'XXXX..YYYY ; value' lines whose value is in `wanted`."""
    with open(path, encoding="utf-8") as f:
        for line in f:
            data = line.split("#", 1)[0].strip()
            if not data:
                continue
            codes, value = (part.strip() for part in data.split(";")[:2])
            if value not in wanted:
                continue
            if ".." in codes:
                lo, hi = codes.split("..")
            else:
                lo = hi = codes
            yield int(lo, 16), int(hi, 16), value


def file_version(path, stem):
    with open(path, encoding="utf-8") as f:
        for line in f:
            m = re.search(stem + r"-([0-9.]+)\.txt", line)
            if m:
                return m.group(1)
    return "unknown"


def read_unicode_data(path):
    ccc = {}
    decomp = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            fields = line.rstrip("\n").split(";")
            if len(fields) < 6:
                continue
            cp = int(fields[0], 16)
            if int(fields[3]):
                if fields[1].endswith("First>") or fields[1].endswith("Last>"):
                    sys.exit("ranges with a combining class are not expected")
                ccc[cp] = int(fields[3])
            mapping = fields[5].strip()
            if mapping and not mapping.startswith("<"):
                parts = [int(x, 16) for x in mapping.split()]
                if len(parts) > 2:
                    sys.exit(f"U+{cp:04X}: canonical decomposition longer than 2")
                decomp[cp] = parts
    return ccc, decomp


def runs(values, default):
    """(first code point, value) runs over U+0000..U+10FFFF for a sparse dict."""
    out = []
    current = None
    keys = sorted(values)
    # Walk only the interesting points: run boundaries happen at keys and key+1.
    points = sorted(set([0] + keys + [k + 1 for k in keys if k < MAX_CP]))
    for cp in points:
        value = values.get(cp, default)
        if value != current:
            out.append((cp, value))
            current = value
    return out


def read_tlds(path):
    tlds = set()
    in_icann = False
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if line.startswith("// ===BEGIN ICANN DOMAINS==="):
                in_icann = True
            elif line.startswith("// ===END ICANN DOMAINS==="):
                in_icann = False
            elif in_icann and line and not line.startswith("//"):
                rule = line.split()[0]
                if "." not in rule and not rule.startswith(("*", "!")):
                    tlds.add(rule.lower())
    return sorted(tlds, key=lambda s: s.encode("utf-8"))


def c_string(s):
    out = []
    for b in s.encode("utf-8"):
        out.append(chr(b) if 0x20 <= b < 0x7F and chr(b) not in '\\"' else f"\\x{b:02x}")
    # A hex escape followed by a hex digit would continue the escape: split the literal.
    text = "".join(out)
    return '"' + re.sub(r"(\\x[0-9a-f]{2})(?=[0-9a-fA-F])", r'\1""', text) + '"'


def rows(entries, per_line, indent="    "):
    return [indent + ", ".join(entries[i:i + per_line]) + "," for i in range(0, len(entries), per_line)]


def main():
    repo = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    ucd = sys.argv[1] if len(sys.argv) > 1 else "/usr/share/unicode"
    psl = sys.argv[2] if len(sys.argv) > 2 else "/usr/share/publicsuffix/public_suffix_list.dat"
    output = sys.argv[3] if len(sys.argv) > 3 else os.path.join(repo, "src/prompt/channel_tables.cpp")

    ccc, decomp = read_unicode_data(os.path.join(ucd, "UnicodeData.txt"))
    norm_props = os.path.join(ucd, "DerivedNormalizationProps.txt")
    excluded = set()
    for lo, hi, _ in parse_ranges(norm_props, {"Full_Composition_Exclusion"}):
        excluded.update(range(lo, hi + 1))
    compositions = sorted((parts[0], parts[1], cp) for cp, parts in decomp.items()
                          if len(parts) == 2 and cp not in excluded)

    wide = {}
    eaw_path = os.path.join(ucd, "EastAsianWidth.txt")
    for lo, hi, _ in parse_ranges(eaw_path, {"W", "F"}):
        for cp in range(lo, hi + 1):
            wide[cp] = 1
    wide_runs = runs(wide, 0)

    emoji_bits = {"Extended_Pictographic": 1, "Emoji_Modifier_Base": 2, "Emoji_Modifier": 4,
                  "Emoji_Presentation": 8}
    emoji = {}
    emoji_path = os.path.join(ucd, "emoji", "emoji-data.txt")
    for lo, hi, prop in parse_ranges(emoji_path, set(emoji_bits)):
        for cp in range(lo, hi + 1):
            emoji[cp] = emoji.get(cp, 0) | emoji_bits[prop]
    emoji_runs = runs(emoji, 0)
    ccc_runs = runs(ccc, 0)
    tlds = read_tlds(psl)

    version = file_version(norm_props, "DerivedNormalizationProps")
    out = [
        "// GENERATED by scripts/gen_channel_tables.py from the Unicode Character Database "
        f"{version}",
        "// (UnicodeData.txt, DerivedNormalizationProps.txt, EastAsianWidth.txt, emoji/emoji-data.txt)",
        "// and the Public Suffix List (ICANN top-level domains). Do not edit; rerun the script.",
        '#include "prompt/channel_tables.h"',
        "",
        "namespace plume::channel_tables {",
        "",
        f'const char kUnicodeVersion[] = "{version}";',
        "",
        "// (first code point << 8) | canonical combining class; a run lasts until the next entry.",
        "const uint32_t kCombiningClassRuns[] = {",
        *rows([f"0x{(cp << 8) | v:x}" for cp, v in ccc_runs], 8),
        "};",
        f"const size_t kCombiningClassRunCount = {len(ccc_runs)};",
        "",
        "// Canonical decompositions {code point, first, second (0 = none)}, sorted by code point.",
        "const Decomposition kDecompositions[] = {",
        *rows([f"{{0x{cp:x}, 0x{p[0]:x}, 0x{p[1] if len(p) > 1 else 0:x}}}" for cp, p in sorted(decomp.items())], 4),
        "};",
        f"const size_t kDecompositionCount = {len(decomp)};",
        "",
        "// Primary composites {first, second, composite}, sorted by (first, second).",
        "const Composition kCompositions[] = {",
        *rows([f"{{0x{a:x}, 0x{b:x}, 0x{c:x}}}" for a, b, c in compositions], 4),
        "};",
        f"const size_t kCompositionCount = {len(compositions)};",
        "",
        "// (first code point << 1) | 1 if East Asian Width is W or F; a run lasts until the next entry.",
        "const uint32_t kWideRuns[] = {",
        *rows([f"0x{(cp << 1) | v:x}" for cp, v in wide_runs], 8),
        "};",
        f"const size_t kWideRunCount = {len(wide_runs)};",
        "",
        "// (first code point << 4) | emoji bits (1 Extended_Pictographic, 2 Emoji_Modifier_Base,",
        "// 4 Emoji_Modifier, 8 Emoji_Presentation); a run lasts until the next entry.",
        "const uint32_t kEmojiRuns[] = {",
        *rows([f"0x{(cp << 4) | v:x}" for cp, v in emoji_runs], 8),
        "};",
        f"const size_t kEmojiRunCount = {len(emoji_runs)};",
        "",
        "// Top-level domains, lower case, UTF-8, sorted bytewise.",
        "const char* const kTopLevelDomains[] = {",
        *rows([c_string(t) for t in tlds], 6),
        "};",
        f"const size_t kTopLevelDomainCount = {len(tlds)};",
        "",
        "}  // namespace plume::channel_tables",
    ]
    with open(output, "w", encoding="utf-8", newline="\n") as f:
        f.write("\n".join(out) + "\n")
    print(f"{output}: Unicode {version}; {len(ccc_runs)} combining-class runs, {len(decomp)} "
          f"decompositions, {len(compositions)} compositions, {len(wide_runs)} width runs, "
          f"{len(emoji_runs)} emoji runs, {len(tlds)} TLDs")


if __name__ == "__main__":
    main()
