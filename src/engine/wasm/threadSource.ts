// The loop each helper thread of the wasm engine runs, as JavaScript source: the browser starts it from a Blob URL
// (a classic Web Worker), Node as an eval'd worker_threads script, so one text serves both without a bundler step.
// It instantiates the kernels on the shared memory, then waits on the control block's generation counter, runs
// its part of each kernel and counts itself done. Slots of the control block: CONTROL in runtime.ts.

export const THREAD_SOURCE = `
'use strict';
const GEN = 0, OP = 1, ARGS = 2, PARTS = 3, DONE = 4, EXIT = 5;
const node = typeof self === 'undefined';
const port = node ? require('node:worker_threads').parentPort : self;
const post = (m) => port.postMessage(m);
function start(msg) {
  const { module, memory, control, index, helpers } = msg;
  WebAssembly.instantiate(module, { env: { memory } }).then((instance) => {
    const run = instance.exports.run;
    const ctl = new Int32Array(memory.buffer, control, 8);
    let seen = Atomics.load(ctl, GEN);
    post({ ready: index });
    for (;;) {
      Atomics.wait(ctl, GEN, seen);
      const now = Atomics.load(ctl, GEN);
      if (now === seen) continue;
      seen = now;
      if (Atomics.load(ctl, EXIT)) break;
      const parts = ctl[PARTS];
      if (index < parts) run(ctl[OP], ctl[ARGS], index, parts);
      if (Atomics.add(ctl, DONE, 1) + 1 === helpers) Atomics.notify(ctl, DONE);
    }
    if (!node) self.close();
  }, (e) => post({ error: String(e && e.message || e) }));
}
if (node) port.once('message', start);
else self.onmessage = (e) => { self.onmessage = null; start(e.data); };
`;
