// The prompt room's text metrics, in one include: BLEU (sacrebleu-compatible), ROUGE
// (rouge-score-compatible, plus a CJK-aware tokenizer), the Porter stemmer, distinct-n and
// self-BLEU. Everything is data in, data out; errors are values.
#pragma once

#include "prompt/bleu.h"
#include "prompt/bleu_tokenizers.h"
#include "prompt/porter_stemmer.h"
#include "prompt/rouge.h"
#include "prompt/text_diversity.h"
