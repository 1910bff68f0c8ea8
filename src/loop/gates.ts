// The gates: after a round is evaluated, decide whether the loop goes on, stops, or rolls the round
// back (its weights are rejected and the last accepted ones are served again). Pure functions of the
// rounds' metrics, so the decision and its evidence can be recomputed from the store and tested
// with planted figures.
//  - breadth: a breadth score (acc of MMLU, HellaSwag... or any suite) more than N points below
//    round 0's, and significantly so: the 95% interval of the drop lies above zero (the standard
//    error of each score is taken from its own 95% interval, Wilson or bootstrap, or from n).
//  - overfitting: the gap public − fresh pass@1 grew by more than N points over round 0's gap.
//  - plateau: pass@1 has not beaten the best earlier round by min_delta points for `patience` rounds.
import type { LoopConfig } from './config.js';
import type { MetricValue } from './records.js';

const Z = 1.959963984540054;

export interface GateResult {
  gate: 'breadth' | 'overfitting' | 'plateau';
  suite: string;
  fired: boolean;
  action: 'stop' | 'rollback';
  reason: string;
  evidence: Record<string, unknown>;
}

export interface GateDecision {
  decision: 'continue' | 'stop' | 'rollback' | 'baseline';
  results: GateResult[];
}

const pts = (x: number) => Math.round(x * 10000) / 100;

/** Standard error of a score in [0, 1]: from its 95% interval, else from n (binomial). */
export function stderrOf(m: MetricValue): number {
  if (m.ci95) return (m.ci95[1] - m.ci95[0]) / (2 * Z);
  if (m.n && m.n > 0) return Math.sqrt(Math.max(m.value * (1 - m.value), 0) / m.n);
  return 0;
}

function need(metrics: Record<string, MetricValue> | null | undefined, suite: string, round: number): MetricValue {
  const m = metrics?.[suite];
  if (!m) throw new Error(`gate: round ${round} has no score for eval suite "${suite}"`);
  return m;
}

/** `history[i]` = the metrics of round i (round 0 = the initial weights); the last one is judged. */
export function decide(gates: LoopConfig['gates'], history: (Record<string, MetricValue> | null)[]): GateDecision {
  const r = history.length - 1;
  if (r === 0) return { decision: 'baseline', results: [] };
  const cur = history[r];
  const base = history[0];
  const results: GateResult[] = [];

  for (const g of gates.breadth) {
    const b = need(base, g.suite, 0);
    const c = need(cur, g.suite, r);
    const drop = b.value - c.value;
    const se = Math.hypot(stderrOf(b), stderrOf(c));
    const ci: [number, number] = [drop - Z * se, drop + Z * se];
    const fired = pts(drop) > g.max_drop_points && ci[0] > 0;
    results.push({
      gate: 'breadth', suite: g.suite, fired, action: g.action,
      reason: fired
        ? `${g.suite} ${b.metric} fell ${pts(drop)} points below round 0 (${pts(b.value)} → ${pts(c.value)}), more than ${g.max_drop_points}, and the drop's 95% CI [${pts(ci[0])}, ${pts(ci[1])}] excludes 0`
        : pts(drop) > g.max_drop_points
          ? `${g.suite} ${b.metric} is ${pts(drop)} points below round 0 but the drop's 95% CI [${pts(ci[0])}, ${pts(ci[1])}] includes 0: noise, not a drop`
          : `${g.suite} ${b.metric} ${pts(b.value)} → ${pts(c.value)} (drop ${pts(drop)} ≤ ${g.max_drop_points} points)`,
      evidence: { metric: b.metric, round0: b, current: c, drop_points: pts(drop), drop_ci95_points: ci.map(pts), threshold_points: g.max_drop_points },
    });
  }

  const o = gates.overfitting;
  if (o) {
    const gapOf = (m: Record<string, MetricValue> | null, i: number) => {
      const pub = need(m, o.public, i);
      const fr = need(m, o.fresh, i);
      return { public: pub.value, fresh: fr.value, gap: pub.value - fr.value, se: Math.hypot(stderrOf(pub), stderrOf(fr)) };
    };
    const g0 = gapOf(base, 0);
    const gr = gapOf(cur, r);
    const growth = gr.gap - g0.gap;
    const se = Math.hypot(g0.se, gr.se);
    const fired = pts(growth) > o.max_gap_growth_points;
    results.push({
      gate: 'overfitting', suite: `${o.public}−${o.fresh}`, fired, action: o.action,
      reason: `gap ${o.public} − ${o.fresh}: round 0 ${pts(g0.gap)} points, round ${r} ${pts(gr.gap)} points (growth ${pts(growth)}${fired ? ' >' : ' ≤'} ${o.max_gap_growth_points})`,
      evidence: {
        round0: { public: pts(g0.public), fresh: pts(g0.fresh), gap: pts(g0.gap) },
        current: { public: pts(gr.public), fresh: pts(gr.fresh), gap: pts(gr.gap) },
        growth_points: pts(growth), growth_ci95_points: [pts(growth - Z * se), pts(growth + Z * se)], threshold_points: o.max_gap_growth_points,
      },
    });
  }

  const pl = gates.plateau;
  if (pl) {
    const vals = history.map((m, i) => need(m, pl.suite, i).value);
    // trailing rounds that did not beat every round before them by min_delta
    let stale = 0;
    for (let i = r; i >= 1; i--) {
      const best = Math.max(...vals.slice(0, i));
      if (pts(vals[i] - best) > pl.min_delta_points) break;
      stale++;
    }
    const fired = stale >= pl.patience;
    const best = Math.max(...vals.slice(0, r));
    results.push({
      gate: 'plateau', suite: pl.suite, fired, action: pl.action,
      reason: `${pl.suite} ${pts(vals[r])} vs best earlier ${pts(best)}: ${stale} round(s) without a gain over ${pl.min_delta_points} points (patience ${pl.patience})`,
      evidence: { values_points: vals.map(pts), rounds_without_gain: stale, patience: pl.patience, min_delta_points: pl.min_delta_points },
    });
  }

  const fired = results.filter((x) => x.fired);
  const decision = fired.some((x) => x.action === 'rollback') ? 'rollback' : fired.length ? 'stop' : 'continue';
  return { decision, results };
}
