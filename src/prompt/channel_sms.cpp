// SMS length and segments (3GPP TS 23.038, formerly GSM 03.38; concatenation per TS 23.040).
//
// A message is GSM-7 when every character is in the GSM 7-bit default alphabet or its extension
// table (an extension character is sent as ESC + code: 2 septets); otherwise the whole message
// is UCS-2, counted here in UTF-16 code units (what every phone actually sends: characters past
// U+FFFF take two units). One message holds 160 septets or 70 units; a longer text is split into
// concatenated segments whose 6-byte user-data header leaves 153 septets or 67 units each.
// Like Android's SmsMessage.fragmentText and carrier gateways, an ESC + code pair and a UTF-16
// surrogate pair are never split across two segments: such a character moves whole to the next
// segment, so a segment may carry 152 septets or 66 units.
#include "prompt/channel.h"

namespace plume {

namespace {

// GSM 03.38 default alphabet, by code (0x1B is the escape to the extension table).
constexpr char16_t kGsmBasic[128] = {
    u'@', u'£', u'$', u'¥', u'è', u'é', u'ù', u'ì', u'ò', u'Ç', u'\n', u'Ø', u'ø', u'\r', u'Å', u'å',
    u'Δ', u'_', u'Φ', u'Γ', u'Λ', u'Ω', u'Π', u'Ψ', u'Σ', u'Θ', u'Ξ', 0xFFFF, u'Æ', u'æ', u'ß', u'É',
    u' ', u'!', u'"', u'#', u'¤', u'%', u'&', u'\'', u'(', u')', u'*', u'+', u',', u'-', u'.', u'/',
    u'0', u'1', u'2', u'3', u'4', u'5', u'6', u'7', u'8', u'9', u':', u';', u'<', u'=', u'>', u'?',
    u'¡', u'A', u'B', u'C', u'D', u'E', u'F', u'G', u'H', u'I', u'J', u'K', u'L', u'M', u'N', u'O',
    u'P', u'Q', u'R', u'S', u'T', u'U', u'V', u'W', u'X', u'Y', u'Z', u'Ä', u'Ö', u'Ñ', u'Ü', u'§',
    u'¿', u'a', u'b', u'c', u'd', u'e', u'f', u'g', u'h', u'i', u'j', u'k', u'l', u'm', u'n', u'o',
    u'p', u'q', u'r', u's', u't', u'u', u'v', u'w', u'x', u'y', u'z', u'ä', u'ö', u'ñ', u'ü', u'à',
};
// The extension table characters (each sent as ESC + code): form feed ^ { } \ [ ~ ] | €
constexpr char16_t kGsmExtension[] = {u'\f', u'^', u'{', u'}', u'\\', u'[', u'~', u']', u'|', u'€'};

constexpr int kGsmSingle = 160, kGsmSegment = 153, kUcs2Single = 70, kUcs2Segment = 67;

// Segments needed when each character must fit whole in a segment of `per_segment` units.
template <class Units>
int pack_segments(std::u32string_view text, int64_t total, int single, int per_segment, Units units) {
  if (total <= single) return 1;
  int segments = 1;
  int used = 0;
  for (char32_t cp : text) {
    const int u = units(cp);
    if (used + u > per_segment) { segments++; used = 0; }
    used += u;
  }
  return segments;
}

}  // namespace

int gsm7_septets(char32_t cp) {
  if (cp >= 0xFFFF) return 0;
  for (char16_t c : kGsmBasic) if (c == cp) return 1;
  for (char16_t c : kGsmExtension) if (c == cp) return 2;
  return 0;
}

SmsCount count_sms(std::u32string_view text) {
  SmsCount c;
  int64_t septets = 0;
  for (char32_t cp : text) {
    const int s = gsm7_septets(cp);
    if (s == 0) {
      c.gsm7 = false;
      bool seen = false;
      for (char32_t other : c.non_gsm) seen = seen || other == cp;
      if (!seen) c.non_gsm.push_back(cp);
    }
    septets += s;
  }
  if (c.gsm7) {
    c.length = septets;
    c.segments = pack_segments(text, septets, kGsmSingle, kGsmSegment, gsm7_septets);
  } else {
    auto units = [](char32_t cp) { return cp >= 0x10000 ? 2 : 1; };
    int64_t total = 0;
    for (char32_t cp : text) total += units(cp);
    c.length = total;
    c.segments = pack_segments(text, total, kUcs2Single, kUcs2Segment, units);
  }
  return c;
}

}  // namespace plume
