// Natural order for task ids and keys: runs of digits compare as numbers, so HumanEval/2 comes
// before HumanEval/10 (as a text sort would not). Other characters compare by code point, as SQL does.

/** A key split into runs: text as is; a number as its digits without leading zeros, and its spelling. */
type Run = string | { n: string; raw: string };

const RUNS = /(\d+)|(\D+)/g;

function split(s: string): Run[] {
  return (s.match(RUNS) ?? []).map((r) => {
    const c = r.charCodeAt(0);
    return c >= 48 && c <= 57 ? { n: r.replace(/^0+(?=\d)/, ''), raw: r } : r;
  });
}

function compareRuns(a: Run[], b: Run[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const x = a[i];
    const y = b[i];
    if (typeof x === 'string' || typeof y === 'string') {
      // text against text, or a number against text: by code point (of the number's own spelling)
      const sx = typeof x === 'string' ? x : x.raw;
      const sy = typeof y === 'string' ? y : y.raw;
      if (sx !== sy) return sx < sy ? -1 : 1;
      continue;
    }
    // numbers of any length: fewer significant digits is smaller, then digit by digit; 007 after 7
    if (x.n.length !== y.n.length) return x.n.length - y.n.length;
    if (x.n !== y.n) return x.n < y.n ? -1 : 1;
    if (x.raw.length !== y.raw.length) return x.raw.length - y.raw.length;
  }
  return a.length - b.length;
}

export function naturalCompare(a: string, b: string): number {
  return compareRuns(split(a), split(b));
}

/** Sorted copy in natural order of key(item); each key is split once, not at every comparison. */
export function sortNatural<T>(items: T[], key: (t: T) => string): T[] {
  return items.map((t) => ({ t, r: split(key(t)) })).sort((a, b) => compareRuns(a.r, b.r)).map((x) => x.t);
}
