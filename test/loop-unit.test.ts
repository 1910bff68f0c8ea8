// The loop's config validation, gate decisions on planted figures, and the CLI's usage errors.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, parseConfig, render } from '../src/loop/config.js';
import { decide, stderrOf } from '../src/loop/gates.js';
import type { MetricValue } from '../src/loop/records.js';
import { metricFromJson } from '../src/loop/steps.js';
import { evalIndex, isHeldOut } from '../src/loop/tasks.js';
import { loadChoiceBenchmark } from '../src/benchmarks/choice.js';
import { runChild } from './helpers.js';

const BIN = join(import.meta.dirname, '..', 'bin', 'rlcf.js');
const EXAMPLE = join(import.meta.dirname, '..', 'docs', 'loop.example.yaml');
const dir = mkdtempSync(join(tmpdir(), 'rlcf-loop-unit-'));

const minimal = {
  name: 'x', rounds: 1,
  policy: { base_url: 'http://127.0.0.1:1/v1', model: 'm', checkpoint: 'c' },
  tasks: [{ bench: 'builtin' }],
  trainer: { command: 'true' },
  eval: [{ name: 'pub', bench: 'builtin' }],
};

describe('loop config', () => {
  it('the example written by `loop init` is valid, with paths resolved against its folder', () => {
    const c = loadConfig(EXAMPLE);
    expect(c.name).toBe('my-loop');
    expect(c.policy.checkpoint).toBe('./base-model'); // a name for the serve command, left as written
    expect(c.gates.overfitting?.max_gap_growth_points).toBe(10);
    expect(c.sampling.n).toBe(8);
  });

  it('every problem is reported with its path', () => {
    const bad = { ...minimal, rounds: 0, policy: { ...minimal.policy, base_url: 'nope' }, tasks: [{ bench: 'builtin', tasks: 'f.jsonl' }],
      eval: [{ name: 'pub', bench: 'builtin' }, { name: 'pub', kind: 'command' }], gates: { breadth: [{ suite: 'mmlu', max_drop_points: 2 }] }, extra: 1 };
    let msg = '';
    try {
      parseConfig(JSON.stringify(bad), 'loop.json');
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError);
      msg = (e as Error).message;
    }
    expect(msg).toMatch(/^loop\.json: invalid loop config:/);
    expect(msg).toMatch(/rounds: Too small/);
    expect(msg).toMatch(/policy\.base_url: /);
    expect(msg).toMatch(/tasks\.0: give exactly one of "bench"/);
    expect(msg).toMatch(/eval\.1: a "command" suite needs "command"/);
    expect(msg).toMatch(/Unrecognized key: "extra"/);
    expect(() => parseConfig(JSON.stringify({ ...minimal, eval: [...minimal.eval, { name: 'pub', bench: 'builtin' }] }), 'a.json')).toThrow(/eval\.1\.name: duplicate suite name "pub"/);
    expect(() => parseConfig(JSON.stringify({ ...minimal, gates: { breadth: [{ suite: 'mmlu', max_drop_points: 2 }] } }), 'a.json'))
      .toThrow(/gates\.breadth\.0\.suite: no eval suite named "mmlu" \(suites: pub\)/);
    expect(() => parseConfig('name: [unclosed', 'a.yaml')).toThrow(/a\.yaml: not valid YAML/);
    expect(() => parseConfig(JSON.stringify({ ...minimal, trainer: { command: 'x', data: 'rl' } }), 'a.json'))
      .toThrow(/trainer\.data: trainer\.data "rl" reads rl\.parquet, which curation\.format "verl" writes/);
    expect(() => loadConfig(join(dir, 'absent.yaml'))).toThrow(/cannot read the loop config \(ENOENT\)/);
  });

  it('command templates: placeholders shell-quoted, an unknown one named', () => {
    expect(render('train {checkpoint} --out {out}', { checkpoint: "/a b/it's", out: '/o' }, 'trainer.command')).toBe("train '/a b/it'\\''s' --out /o");
    expect(() => render('x {chekpoint}', { checkpoint: 'c' }, 'trainer.command')).toThrow(/trainer\.command: unknown placeholder \{chekpoint\} \(known: \{checkpoint\}\)/);
  });

  it('curation is decontaminated against every eval suite: code suites by their own tasks, breadth suites by their items', async () => {
    const mmlu = `mmlu:${join(import.meta.dirname, 'fixtures', 'breadth', 'mmlu')}`;
    const c = parseConfig(JSON.stringify({ ...minimal, eval: [
      { name: 'pub', bench: 'builtin', languages: ['python'], split: 'heldout', heldout_fraction: 0.5 },
      { name: 'mmlu', kind: 'breadth', bench: mmlu, metric: 'acc' },
    ] }), 'a.json');
    const ix = await evalIndex(c);
    const item = (await loadChoiceBenchmark(mmlu)).find((it) => it.letter.question.length > 60)!;
    expect(ix.check(`Explain this: ${item.letter.question} The answer is ${item.choices[item.gold]}.`)[0]).toMatchObject({ benchmark: 'mmlu' });
    const { loadBuiltinProblems } = await import('../src/benchmarks/builtin.js');
    const held = loadBuiltinProblems().filter((p) => isHeldOut(p.slug, 0.5, 'rlcf'));
    const train = loadBuiltinProblems().filter((p) => !isHeldOut(p.slug, 0.5, 'rlcf'));
    expect(ix.check(held[0].statement)[0]).toMatchObject({ benchmark: 'pub', id: held[0].slug });
    // any shared 8-gram flags a row (rlcf curate's default): a few train statements share phrasing
    // with held-out ones ("the first line contains ...") and are dropped with it
    const flagged = train.filter((p) => ix.check(p.statement).length);
    expect(flagged.length).toBeLessThan(train.length / 2);
    // curation.min_overlap raises the bar: every held-out statement still flagged, no train one
    const strict = await evalIndex(parseConfig(JSON.stringify({ ...JSON.parse(JSON.stringify(minimal)), curation: { min_overlap: 6 },
      eval: [{ name: 'pub', bench: 'builtin', languages: ['python'], split: 'heldout', heldout_fraction: 0.5 }] }), 'a.json'));
    for (const p of held) expect(strict.check(p.statement).length, p.slug).toBeGreaterThan(0);
    for (const p of train) expect(strict.check(p.statement), p.slug).toEqual([]);
  });

  it('the train/held-out split is by task id, deterministic, near the fraction', () => {
    const ids = Array.from({ length: 2000 }, (_, i) => `t${i}`);
    const held = ids.filter((i) => isHeldOut(i, 0.3, 'rlcf'));
    expect(held.length / ids.length).toBeGreaterThan(0.27);
    expect(held.length / ids.length).toBeLessThan(0.33);
    expect(ids.filter((i) => isHeldOut(i, 0.3, 'rlcf'))).toEqual(held);
    expect(ids.filter((i) => isHeldOut(i, 0.3, 'other'))).not.toEqual(held);
  });
});

const m = (value: number, n: number, metric = 'acc'): MetricValue => {
  // Wilson 95% interval, as breadth runs report
  const z = 1.959963984540054;
  const d = 1 + (z * z) / n;
  const c = (value + (z * z) / (2 * n)) / d;
  const h = (z * Math.sqrt((value * (1 - value)) / n + (z * z) / (4 * n * n))) / d;
  return { metric, value, ci95: [c - h, c + h], n };
};

describe('gates', () => {
  const gates = {
    breadth: [{ suite: 'mmlu', max_drop_points: 2, action: 'rollback' as const }],
    overfitting: { public: 'pub', fresh: 'fresh', max_gap_growth_points: 10, action: 'stop' as const },
    plateau: { suite: 'fresh', min_delta_points: 1, patience: 2, action: 'stop' as const },
  };

  it('round 0 is the baseline', () => {
    expect(decide(gates, [{ mmlu: m(0.5, 100), pub: m(0.3, 50), fresh: m(0.3, 50) }]).decision).toBe('baseline');
  });

  it('breadth: a significant drop over the threshold fires; the same drop on few items is noise; a small one is not a drop', () => {
    const r0 = { mmlu: m(0.6, 2000), pub: m(0.3, 50), fresh: m(0.3, 50) };
    const big = decide(gates, [r0, { ...r0, mmlu: m(0.55, 2000) }]);
    expect(big.decision).toBe('rollback');
    const g = big.results.find((x) => x.gate === 'breadth')!;
    expect(g.fired).toBe(true);
    expect(g.evidence.drop_points).toBe(5);
    expect((g.evidence.drop_ci95_points as number[])[0]).toBeGreaterThan(0);
    // 5 points on 40 items: the interval of the drop includes 0
    const few = { mmlu: m(0.6, 40), pub: m(0.3, 50), fresh: m(0.3, 50) };
    const noise = decide(gates, [few, { ...few, mmlu: m(0.55, 40) }]).results.find((x) => x.gate === 'breadth')!;
    expect(noise.fired).toBe(false);
    expect(noise.reason).toMatch(/includes 0: noise/);
    // 1 point on 20,000 items: significant but within the threshold
    const many = { mmlu: m(0.6, 20000), pub: m(0.3, 50), fresh: m(0.3, 50) };
    expect(decide(gates, [many, { ...many, mmlu: m(0.59, 20000) }]).results.find((x) => x.gate === 'breadth')!.fired).toBe(false);
  });

  it('overfitting: the public − fresh gap growing past the threshold stops the loop', () => {
    const r0 = { mmlu: m(0.6, 100), pub: m(0.3, 50), fresh: m(0.28, 50) };
    const d = decide(gates, [r0, { ...r0, pub: m(0.5, 50), fresh: m(0.3, 50) }]);
    expect(d.decision).toBe('stop');
    const g = d.results.find((x) => x.gate === 'overfitting')!;
    expect(g.evidence.growth_points).toBe(18);
    // both up together: no gap growth
    expect(decide(gates, [r0, { ...r0, pub: m(0.5, 50), fresh: m(0.48, 50) }]).results.find((x) => x.gate === 'overfitting')!.fired).toBe(false);
  });

  it('plateau: no gain over the best earlier round for `patience` rounds', () => {
    const r = (f: number) => ({ mmlu: m(0.6, 100), pub: m(f, 50), fresh: m(f, 50) });
    expect(decide(gates, [r(0.3), r(0.4), r(0.405)]).decision).toBe('continue'); // one stale round (0.5 points < 1)
    const d = decide(gates, [r(0.3), r(0.4), r(0.405), r(0.39)]);
    expect(d.decision).toBe('stop');
    expect(d.results.find((x) => x.gate === 'plateau')!.evidence.rounds_without_gain).toBe(2);
  });

  it('a missing score is an error naming the round and suite; standard errors come from intervals or n', () => {
    expect(() => decide(gates, [{ pub: m(0.3, 50), fresh: m(0.3, 50) }, { pub: m(0.3, 50), fresh: m(0.3, 50) }])).toThrow(/round 0 has no score for eval suite "mmlu"/);
    expect(stderrOf({ metric: 'acc', value: 0.5, ci95: null, n: 100 })).toBeCloseTo(0.05, 6);
    expect(stderrOf({ metric: 'acc', value: 0.5, ci95: [0.4, 0.6], n: null })).toBeCloseTo(0.2 / 3.919927969, 6);
  });

  it('a breadth suite reads one lm-eval metric of `rlcf eval --json`; a command suite {value, ci95, n}', () => {
    const j = { results: { mmlu: { n: 10, metrics: { acc: { value: 0.4, ci95: [0.17, 0.69], stderr: 0.16 } } }, mmlu_x: { n: 5, metrics: {} } }, tokens: { prompt: 9, completion: 0 } };
    expect(metricFromJson(j, { name: 'b', metric: 'acc' })).toMatchObject({ metric: 'acc', value: 0.4, ci95: [0.17, 0.69], n: 10, task: 'mmlu' });
    expect(() => metricFromJson(j, { name: 'b', metric: 'acc_norm' })).toThrow(/no acc_norm for task mmlu/);
    expect(metricFromJson({ value: 0.25, n: 4 }, { name: 'c', metric: 'score' })).toMatchObject({ metric: 'score', value: 0.25, n: 4, ci95: null });
    expect(() => metricFromJson({ v: 1 }, { name: 'c', metric: 'x' })).toThrow(/neither "results"/);
  });
});

describe('rlcf loop CLI', () => {
  it('init writes the example; run on a bad config exits 2 naming the field; status of an unknown loop exits 2', async () => {
    const file = join(dir, 'loop.yaml');
    const i = await runChild([BIN, 'loop', 'init', file]);
    expect(i.status, i.stderr).toBe(0);
    expect(readFileSync(file, 'utf8')).toBe(readFileSync(EXAMPLE, 'utf8'));
    expect((await runChild([BIN, 'loop', 'init', file])).status).toBe(2);
    writeFileSync(join(dir, 'bad.yaml'), 'name: x\nrounds: two\n');
    const b = await runChild([BIN, 'loop', 'run', join(dir, 'bad.yaml'), '--state-dir', dir]);
    expect(b.status).toBe(2);
    expect(b.stderr).toMatch(/rlcf: .*bad\.yaml: invalid loop config:\n {2}rounds: Invalid input: expected number/);
    expect(b.stderr).toMatch(/ {2}policy: /);
    const s = await runChild([BIN, 'loop', 'status', 'nope', '--state-dir', dir]);
    expect(s.status).toBe(2);
    expect(s.stderr).toMatch(/no loop "nope"/);
    const all = await runChild([BIN, 'loop', 'status', '--state-dir', dir, '--json']);
    expect(JSON.parse(all.stdout)).toEqual([]);
  }, 60_000);
});
