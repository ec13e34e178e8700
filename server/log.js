// Removes the configured secrets from any text that leaves the stub (responses, log lines). BigCommerce never
// echoes a token, but nothing we pass on from upstream should be trusted not to.
export function createScrubber(secrets) {
  return (text) => secrets.reduce((out, secret) => (out.includes(secret) ? out.split(secret).join('[redacted]') : out), text);
}

// Log lines never carry a secret: every line is scrubbed before it is written.
export function createLogger(secrets, write = (line) => console.log(line)) {
  const scrub = createScrubber(secrets);
  return (level, message, fields = {}) => {
    write(scrub(JSON.stringify({ time: new Date().toISOString(), level, message, ...fields })));
  };
}
