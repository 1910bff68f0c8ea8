// A deterministic stand-in for a language model's scoring side, for the test server: a tokenizer
// (GPT-2's pre-tokenisation pattern, words cut into pieces of at most 4 characters, so that answers
// span several tokens) with ids handed out on first sight, and a log-probability for each token that
// is a fixed function of the 12 characters before it and the token itself. What matters for tests is
// that it is a real function of the text (different choices score differently, long answers score
// lower in total) and that two clients asking the same server get the same numbers.

export const EOS = '<|endoftext|>';
const PRETOKEN = /'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+/gu;

/** log p(token | the text before it). */
export type TokenLogprob = (prefix: string, token: string) => number;

function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  // murmur3's finaliser: texts that differ in their last character get unrelated values
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b) >>> 0;
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35) >>> 0;
  return (h ^ (h >>> 16)) >>> 0;
}

/** The default scoring function: between -0.5 and -8.5 nats, fixed per (12 characters before, token). */
export const hashLogprob: TokenLogprob = (prefix, token) => -(0.5 + (fnv1a(`${prefix.slice(-12)}\u0002${token}`) % 800) / 100);

export class TestTokenizer {
  private readonly ids = new Map<string, number>();
  private readonly pieces: string[] = [];

  constructor() {
    this.id(EOS);
  }

  private id(piece: string): number {
    let i = this.ids.get(piece);
    if (i === undefined) {
      i = this.pieces.length;
      this.ids.set(piece, i);
      this.pieces.push(piece);
    }
    return i;
  }

  /** The text's tokens as strings (they concatenate back to the text). */
  pieceList(text: string): string[] {
    const out: string[] = [];
    for (const part of text.split(EOS).flatMap((p, i) => (i === 0 ? [p] : [EOS, p]))) {
      if (part === EOS) {
        out.push(EOS);
        continue;
      }
      for (const m of part.matchAll(PRETOKEN)) {
        const w = m[0];
        for (let i = 0; i < w.length; i += 4) out.push(w.slice(i, i + 4));
      }
    }
    return out;
  }

  encode(text: string): number[] {
    return this.pieceList(text).map((p) => this.id(p));
  }

  piece(id: number): string {
    const p = this.pieces[id];
    if (p === undefined) throw new Error(`unknown token id ${id}`);
    return p;
  }

  decode(ids: number[]): string {
    return ids.map((i) => this.piece(i)).join('');
  }
}

export interface EchoLogprobs {
  text: string;
  tokens: string[];
  token_logprobs: (number | null)[];
  top_logprobs: (Record<string, number> | null)[];
  text_offset: number[];
}

/** What an OpenAI-compatible server returns for `echo: true, logprobs: 1, max_tokens: m` on this
 * prompt: the prompt's tokens with their log-probabilities (the first has none), then m generated
 * tokens (always EOS here). A top-1 alternative "<alt>" at -1.0 makes is_greedy meaningful. */
export function echoLogprobs(pieces: string[], maxTokens: number, logprob: TokenLogprob = hashLogprob): EchoLogprobs {
  const all = [...pieces, ...Array.from({ length: Math.max(0, maxTokens) }, () => EOS)];
  const token_logprobs: (number | null)[] = [];
  const top_logprobs: (Record<string, number> | null)[] = [];
  const text_offset: number[] = [];
  let prefix = '';
  all.forEach((t, i) => {
    text_offset.push(prefix.length);
    const before = prefix;
    prefix += t;
    if (i === 0) {
      token_logprobs.push(null);
      top_logprobs.push(null);
      return;
    }
    const lp = logprob(before, t);
    token_logprobs.push(lp);
    top_logprobs.push(t === '<alt>' ? { [t]: lp } : { [t]: lp, '<alt>': -1.0 });
  });
  return { text: all.join(''), tokens: all, token_logprobs, top_logprobs, text_offset };
}
