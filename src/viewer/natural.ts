// Natural order for task ids and keys: runs of digits compare as numbers, so HumanEval/2 comes
// before HumanEval/10 (as a text sort would not). Other characters compare by code point, as SQL does.

const CHUNK = /(\d+)|(\D+)/g;

export function naturalCompare(a: string, b: string): number {
  const ca = a.match(CHUNK) ?? [];
  const cb = b.match(CHUNK) ?? [];
  for (let i = 0; i < Math.min(ca.length, cb.length); i++) {
    const x = ca[i];
    const y = cb[i];
    if (x === y) continue;
    const dx = x.charCodeAt(0) <= 57 && x.charCodeAt(0) >= 48;
    const dy = y.charCodeAt(0) <= 57 && y.charCodeAt(0) >= 48;
    if (dx && dy) {
      // numbers of any length: fewer significant digits is smaller, then digit by digit; 007 after 7
      const nx = x.replace(/^0+(?=\d)/, '');
      const ny = y.replace(/^0+(?=\d)/, '');
      if (nx.length !== ny.length) return nx.length - ny.length;
      if (nx !== ny) return nx < ny ? -1 : 1;
      return x.length - y.length;
    }
    return x < y ? -1 : 1;
  }
  return ca.length - cb.length;
}
