// Removes the configured secrets from any text that leaves the stub (responses, log lines). BigCommerce never
// echoes a token, but nothing we pass on from upstream should be trusted not to.
export function createScrubber(secrets) {
  return (text) => secrets.reduce((out, secret) => (out.includes(secret) ? out.split(secret).join('[redacted]') : out), text);
}

// Standard output as it is on Node (console.log formats its arguments first, a few percent of a request's CPU
// under load); console.log elsewhere.
const writeLine = globalThis.process?.stdout?.write
  ? (line) => { globalThis.process.stdout.write(`${line}\n`); }
  : (line) => console.log(line);

// Log lines never carry a secret: every line is scrubbed before it is written.
export function createLogger(secrets, write = writeLine) {
  const scrub = createScrubber(secrets);
  return (level, message, fields = {}) => {
    write(scrub(JSON.stringify({ time: new Date().toISOString(), level, message, ...fields })));
  };
}
