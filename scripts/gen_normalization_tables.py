#!/usr/bin/env python3
"""Generates src/train/normalization_tables.cpp: the data Unicode NFC needs (UAX #15).

From UnicodeData.txt (canonical decompositions, canonical combining classes) and
CompositionExclusions.txt, it derives:
  combining classes   code points with a non-zero Canonical_Combining_Class
  decompositions      canonical (untagged) decomposition mappings, one or two code points each;
                      the runtime applies them recursively (Hangul syllables are algorithmic)
  compositions        primary composites: pairs (a, b) -> c for every two-code-point canonical
                      decomposition that is not fully excluded from composition. Full exclusion
                      = CompositionExclusions.txt + singletons + non-starter decompositions.
  not-NFC-stable      code points whose NFC_Quick_Check is No or Maybe (No = fully excluded;
                      Maybe = can combine with a preceding character). With ccc != 0 these are
                      the only characters around which NFC can change anything.
When DerivedNormalizationProps.txt is present the derived exclusion and quick-check sets are
checked against it (the script fails on a mismatch). Output is deterministic.

Usage: scripts/gen_normalization_tables.py [UNICODE_DATA_DIR] [OUTPUT_CPP]
       scripts/gen_normalization_tables.py --extract-test OUT_DIR [UNICODE_DATA_DIR]
  defaults: /usr/share/unicode (Debian package unicode-data), src/train/normalization_tables.cpp.
  --extract-test writes OUT_DIR/NormalizationTest.txt from the Debian .bz2 so that the unit
  tests (which also run as WebAssembly and cannot decompress) can read the conformance file.
"""
import bz2
import os
import re
import sys

HANGUL_S_BASE, HANGUL_S_COUNT = 0xAC00, 11172
HANGUL_L_BASE, HANGUL_V_BASE, HANGUL_T_BASE = 0x1100, 0x1161, 0x11A7
HANGUL_V_COUNT, HANGUL_T_COUNT = 21, 28


def read_unicode_data(path):
    ccc, decomp = {}, {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            fields = line.rstrip("\n").split(";")
            if len(fields) < 6:
                continue
            cp = int(fields[0], 16)
            if int(fields[3]) != 0:
                ccc[cp] = int(fields[3])
            mapping = fields[5].strip()
            if mapping and not mapping.startswith("<"):
                decomp[cp] = [int(x, 16) for x in mapping.split()]
    return ccc, decomp


def read_code_point_list(path):
    """Code points (single or ranges) listed in a UCD file, with the optional property name."""
    out = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            data = line.split("#", 1)[0].strip()
            if not data:
                continue
            parts = [p.strip() for p in data.split(";")]
            codes = parts[0]
            lo, hi = (codes.split("..") + [codes])[:2] if ".." in codes else (codes, codes)
            out.append((int(lo, 16), int(hi, 16), parts[1:]))
    return out


def unicode_version(path):
    with open(path, encoding="utf-8") as f:
        m = re.match(r"#\s*\w+-([0-9.]+)\.txt", f.readline())
    return m.group(1) if m else "unknown"


def derive(data_dir):
    ccc, decomp = read_unicode_data(os.path.join(data_dir, "UnicodeData.txt"))
    exclusions_path = os.path.join(data_dir, "CompositionExclusions.txt")
    listed = {cp for lo, hi, _ in read_code_point_list(exclusions_path) for cp in range(lo, hi + 1)}
    full_exclusion = set(listed)
    for cp, m in decomp.items():
        if len(m) == 1 or ccc.get(cp, 0) != 0 or ccc.get(m[0], 0) != 0:
            full_exclusion.add(cp)
    compositions = {}
    for cp, m in decomp.items():
        if len(m) == 2 and cp not in full_exclusion:
            compositions[(m[0], m[1])] = cp
    second = {b for (_, b) in compositions}
    # Hangul: V and T jamo combine with a preceding L / LV syllable.
    second |= set(range(HANGUL_V_BASE, HANGUL_V_BASE + HANGUL_V_COUNT))
    second |= set(range(HANGUL_T_BASE + 1, HANGUL_T_BASE + HANGUL_T_COUNT))
    qc_no = set(full_exclusion)
    qc_maybe = second - qc_no
    check_against_derived(data_dir, full_exclusion, qc_no, qc_maybe)
    return ccc, decomp, compositions, qc_no | qc_maybe, unicode_version(exclusions_path)


def check_against_derived(data_dir, full_exclusion, qc_no, qc_maybe):
    path = os.path.join(data_dir, "DerivedNormalizationProps.txt")
    if not os.path.exists(path):
        return
    props = {"Full_Composition_Exclusion": set(), "NFC_QC_N": set(), "NFC_QC_M": set()}
    for lo, hi, rest in read_code_point_list(path):
        key = rest[0] if len(rest) == 1 else f"{rest[0]}_{rest[1]}" if rest else ""
        if key in props:
            props[key].update(range(lo, hi + 1))
    for name, mine, theirs in [("Full_Composition_Exclusion", full_exclusion, props["Full_Composition_Exclusion"]),
                               ("NFC_QC=No", qc_no, props["NFC_QC_N"]),
                               ("NFC_QC=Maybe", qc_maybe, props["NFC_QC_M"])]:
        if mine != theirs:
            diff = sorted(mine ^ theirs)[:10]
            sys.exit(f"derived {name} differs from DerivedNormalizationProps.txt at {[hex(c) for c in diff]}")


def to_ranges(code_points):
    ranges = []
    for cp in sorted(code_points):
        if ranges and ranges[-1][1] + 1 == cp:
            ranges[-1][1] = cp
        else:
            ranges.append([cp, cp])
    return ranges


def rows(entries, per_line):
    return ["    " + ", ".join(entries[i:i + per_line]) + "," for i in range(0, len(entries), per_line)]


def render(ccc, decomp, compositions, unstable, version):
    out = ["// GENERATED by scripts/gen_normalization_tables.py from the Unicode Character Database",
           f"// {version} (UnicodeData.txt, CompositionExclusions.txt). Do not edit; rerun the script.",
           '#include "train/normalization_tables.h"', "", "namespace plume::unicode {", "",
           f'const char kNormalizationVersion[] = "{version}";', "",
           "// (code point << 8) | canonical combining class, for every class other than 0.",
           "const uint32_t kCombiningClasses[] = {"]
    out += rows([f"0x{(cp << 8) | c:x}" for cp, c in sorted(ccc.items())], 8)
    out += ["};", f"const size_t kCombiningClassCount = {len(ccc)};", "",
            "// Canonical decomposition mappings: {code point, first, second (0 for a singleton)}.",
            "const Decomposition kDecompositions[] = {"]
    out += rows([f"{{0x{cp:x}, 0x{m[0]:x}, 0x{(m[1] if len(m) > 1 else 0):x}}}" for cp, m in sorted(decomp.items())], 4)
    out += ["};", f"const size_t kDecompositionCount = {len(decomp)};", "",
            "// Primary composites: {(first << 21) | second, composite}, sorted by key.",
            "const Composition kCompositions[] = {"]
    out += rows([f"{{0x{(a << 21) | b:x}, 0x{c:x}}}" for (a, b), c in sorted(compositions.items())], 4)
    out += ["};", f"const size_t kCompositionCount = {len(compositions)};", "",
            "// Ranges [first, last] of code points whose NFC_Quick_Check is No or Maybe.",
            "const uint32_t kNfcUnstableRanges[][2] = {"]
    out += rows([f"{{0x{lo:x}, 0x{hi:x}}}" for lo, hi in to_ranges(unstable)], 6)
    ranges = to_ranges(unstable)
    first_interesting = min(min(ccc), ranges[0][0])
    out += ["};", f"const size_t kNfcUnstableRangeCount = {len(ranges)};", "",
            "// Below this code point every character has class 0 and NFC_Quick_Check Yes.",
            f"const uint32_t kFirstNfcInteresting = 0x{first_interesting:x};", "",
            "}  // namespace plume::unicode"]
    return "\n".join(out) + "\n"


def extract_test(out_dir, data_dir):
    os.makedirs(out_dir, exist_ok=True)
    plain = os.path.join(data_dir, "NormalizationTest.txt")
    packed = plain + ".bz2"
    target = os.path.join(out_dir, "NormalizationTest.txt")
    if os.path.exists(plain):
        data = open(plain, "rb").read()
    elif os.path.exists(packed):
        data = bz2.decompress(open(packed, "rb").read())
    else:
        sys.exit(f"no NormalizationTest.txt(.bz2) in {data_dir} (Debian package unicode-data)")
    with open(target, "wb") as f:
        f.write(data)
    print(f"{target}: {len(data)} bytes")


def main():
    repo = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    if len(sys.argv) > 1 and sys.argv[1] == "--extract-test":
        if len(sys.argv) < 3:
            sys.exit("usage: gen_normalization_tables.py --extract-test OUT_DIR [UNICODE_DATA_DIR]")
        extract_test(sys.argv[2], sys.argv[3] if len(sys.argv) > 3 else "/usr/share/unicode")
        return
    data_dir = sys.argv[1] if len(sys.argv) > 1 else "/usr/share/unicode"
    output = sys.argv[2] if len(sys.argv) > 2 else os.path.join(repo, "src/train/normalization_tables.cpp")
    ccc, decomp, compositions, unstable, version = derive(data_dir)
    with open(output, "w", encoding="utf-8", newline="\n") as f:
        f.write(render(ccc, decomp, compositions, unstable, version))
    print(f"{output}: Unicode {version}, {len(ccc)} combining classes, {len(decomp)} decompositions, "
          f"{len(compositions)} compositions, {len(to_ranges(unstable))} unstable ranges")


if __name__ == "__main__":
    main()
