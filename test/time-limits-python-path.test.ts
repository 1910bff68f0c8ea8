// The time-limit tests (time-limits.test.ts) on the agent's Python fallback path (no C hot path).
process.env.RLCF_TEST_PYTHON_FAST_PATH = 'off';
await import('./time-limits.test.js');
