#!/usr/bin/env node
// Runs the sandbox store on its own: node sandbox/main.js [flags], the same command as
// `npx bc-checkout-helper sandbox` (command-line.js). `--help` lists every variable and flag: SANDBOX_PORT (8081),
// SANDBOX_ORIGIN, SITE_URL, SANDBOX_CHECKOUT_PORT, SANDBOX_CHECKOUT_ORIGIN, SANDBOX_QUOTA, SANDBOX_DATA,
// SANDBOX_HTTPS, SANDBOX_TLS_DIR, BC_STORE_HASH, BC_ACCESS_TOKEN, BC_CLIENT_ID, BC_CLIENT_SECRET, BC_CHANNEL_ID.
// Credentials left unset are generated and printed.
import { runSandboxCommand } from './command-line.js';

await runSandboxCommand(process.env, process.argv.slice(2));
