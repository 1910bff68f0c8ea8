// The security battery (security.test.ts) on the agent's Python fallback path: the per-task steps
// rlcf_fast.c does in C (child set-up, output capture) done by agent.py itself, as on a host
// without a C compiler or the interpreter's headers.
process.env.RLCF_TEST_PYTHON_FAST_PATH = 'off';
await import('./security.test.js');
