// The engine's adversarial battery (adversarial-engine.test.ts) on the agent's Python fallback path:
// a host without a C compiler or the interpreter's headers.
process.env.RLCF_TEST_PYTHON_FAST_PATH = 'off';
await import('./adversarial-engine.test.js');
