// Removes the configured secrets from any text that leaves the stub (responses, log lines). BigCommerce never
// echoes a token, but nothing we pass on from upstream should be trusted not to.
export function createScrubber(secrets) {
  return (text) => secrets.reduce((out, secret) => (out.includes(secret) ? out.split(secret).join('[redacted]') : out), text);
}

// On Node, standard output itself, a batch per turn of the event loop: under load a line per request, each
// through console.log (which formats its arguments) and its own write, was a few percent of a request's CPU.
// Lines still out at exit are written then. Elsewhere console.log, which the platform collects.
const writeLine = globalThis.process?.stdout?.write ? batchedStdout(globalThis.process) : (line) => console.log(line);

function batchedStdout(process) {
  let pending = '';
  const flush = () => {
    if (!pending) return;
    const text = pending;
    pending = '';
    process.stdout.write(text);
  };
  process.once('exit', flush);
  return (line) => {
    if (!pending) setImmediate(flush);
    pending += `${line}\n`;
  };
}

// Log lines never carry a secret: every line is scrubbed before it is written.
export function createLogger(secrets, write = writeLine) {
  const scrub = createScrubber(secrets);
  return (level, message, fields = {}) => {
    write(scrub(JSON.stringify({ time: new Date().toISOString(), level, message, ...fields })));
  };
}
