// Shared state (server/shared-state.js) in Redis, for Node: every worker and instance of the stub that names
// the same REDIS_URL counts rate limits and sees revoked sessions together. A small RESP2 client over one
// node:net (or node:tls for rediss://) connection, pipelined; it speaks only the four commands this needs, so
// the stub takes on no Redis dependency. Commands are those of Redis 2.6 and later.
import { connect as connectTcp } from 'node:net';
import { connect as connectTls } from 'node:tls';

export class RedisError extends Error {
  constructor(message) {
    super(message);
    this.name = 'RedisError';
  }
}

// One round trip per hit: INCR, and on a new window its expiry, then how long the window has left.
const HIT_SCRIPT = "local c = redis.call('INCR', KEYS[1]) if c == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end return {c, redis.call('PTTL', KEYS[1])}";

/**
 * @param {string} url redis://[:password@]host[:port][/db] or rediss://...
 * @param {{ prefix?: string, timeoutMs?: number }} [options]
 */
export function createRedisState(url, { prefix = 'bcch:', timeoutMs = 2000 } = {}) {
  const target = parseRedisUrl(url);
  const client = createRespClient(target, { timeoutMs });
  return {
    shared: true,
    kind: 'redis',
    async hit(key, windowMs) {
      const [count, ttl] = await client.command(['EVAL', HIT_SCRIPT, '1', prefix + key, String(windowMs)]);
      return { count, resetMs: ttl > 0 ? ttl : windowMs };
    },
    async revoke(id, ttlMs) {
      await client.command(['SET', `${prefix}revoked:${id}`, '1', 'PX', String(Math.max(1, Math.ceil(ttlMs)))]);
    },
    async isRevoked(id) {
      return (await client.command(['EXISTS', `${prefix}revoked:${id}`])) === 1;
    },
    /** Resolves once Redis answers a PING: start-up fails loudly rather than at the first shopper. */
    ready: () => client.command(['PING']).then(() => undefined),
    close: () => client.close(),
  };
}

export function parseRedisUrl(url) {
  let parsed;
  try {
    parsed = new URL(url);
  } catch {
    throw new RedisError("REDIS_URL must be a URL such as redis://127.0.0.1:6379");
  }
  if (parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:') {
    throw new RedisError(`REDIS_URL must start with redis:// or rediss:// (got "${parsed.protocol}")`);
  }
  const db = parsed.pathname.replace(/^\//, '');
  if (db && !/^[0-9]{1,2}$/.test(db)) throw new RedisError(`REDIS_URL's path must be a database number (got "/${db}")`);
  return {
    tls: parsed.protocol === 'rediss:',
    host: parsed.hostname.replace(/^\[|\]$/g, '') || '127.0.0.1',
    port: Number(parsed.port || 6379),
    username: decodeURIComponent(parsed.username),
    password: decodeURIComponent(parsed.password),
    db: db ? Number(db) : 0,
  };
}

function encode(args) {
  let out = `*${args.length}\r\n`;
  for (const arg of args) out += `$${Buffer.byteLength(arg)}\r\n${arg}\r\n`;
  return out;
}

/** One connection, reconnected on demand; replies are matched to commands in order (RESP pipelining). */
function createRespClient(target, { timeoutMs }) {
  let socket = null;
  let buffer = Buffer.alloc(0);
  let pending = []; // { resolve, reject, timer }
  let closed = false;

  function open() {
    const options = { host: target.host, port: target.port };
    socket = target.tls ? connectTls({ ...options, servername: target.host }) : connectTcp(options);
    socket.setNoDelay(true);
    buffer = Buffer.alloc(0);
    const failAll = (error) => {
      const waiting = pending;
      pending = [];
      for (const p of waiting) {
        clearTimeout(p.timer);
        p.reject(error);
      }
    };
    socket.on('data', (chunk) => {
      buffer = buffer.length ? Buffer.concat([buffer, chunk]) : chunk;
      for (;;) {
        const parsed = parseReply(buffer, 0);
        if (!parsed) break;
        buffer = buffer.subarray(parsed.end);
        const next = pending.shift();
        if (!next) continue;
        clearTimeout(next.timer);
        if (parsed.value instanceof RedisError) next.reject(parsed.value);
        else next.resolve(parsed.value);
      }
    });
    const lost = (error) => {
      socket = null;
      failAll(new RedisError(`Redis at ${target.host}:${target.port}: ${error?.message ?? 'connection closed'}`));
    };
    socket.on('error', lost);
    socket.on('close', () => { if (socket) lost(); });
    // AUTH and SELECT go first on every connection; their replies are checked like any other.
    const setup = [];
    if (target.password) setup.push(target.username ? ['AUTH', target.username, target.password] : ['AUTH', target.password]);
    if (target.db) setup.push(['SELECT', String(target.db)]);
    for (const args of setup) send(args).catch(() => {});
  }

  function send(args) {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        // A reply that never comes would shift every later reply onto the wrong command: drop the connection.
        reject(new RedisError(`Redis at ${target.host}:${target.port} did not answer within ${timeoutMs} ms`));
        const index = pending.findIndex((p) => p.timer === timer);
        if (index >= 0) pending.splice(index, 1);
        socket?.destroy();
      }, timeoutMs);
      timer.unref?.();
      pending.push({ resolve, reject, timer });
      socket.write(encode(args));
    });
  }

  return {
    command(args) {
      if (closed) return Promise.reject(new RedisError('the Redis client is closed'));
      if (!socket) open();
      return send(args);
    },
    async close() {
      closed = true;
      if (!socket) return;
      const s = socket;
      socket = null;
      await new Promise((resolve) => {
        s.once('close', resolve);
        s.end();
        setTimeout(() => { s.destroy(); resolve(); }, 500).unref?.();
      });
    },
  };
}

/** One RESP2 reply from `buf` at `at`: { value, end }, or null when more bytes are needed. */
function parseReply(buf, at) {
  if (at >= buf.length) return null;
  const lineEnd = buf.indexOf('\r\n', at);
  if (lineEnd < 0) return null;
  const type = String.fromCharCode(buf[at]);
  const line = buf.toString('utf8', at + 1, lineEnd);
  const next = lineEnd + 2;
  switch (type) {
    case '+': return { value: line, end: next };
    case '-': return { value: new RedisError(`Redis: ${line}`), end: next };
    case ':': return { value: Number(line), end: next };
    case '$': {
      const length = Number(line);
      if (length < 0) return { value: null, end: next };
      if (buf.length < next + length + 2) return null;
      return { value: buf.toString('utf8', next, next + length), end: next + length + 2 };
    }
    case '*': {
      const count = Number(line);
      if (count < 0) return { value: null, end: next };
      const items = [];
      let end = next;
      for (let i = 0; i < count; i++) {
        const item = parseReply(buf, end);
        if (!item) return null;
        items.push(item.value);
        end = item.end;
      }
      return { value: items, end };
    }
    default:
      return { value: new RedisError(`Redis sent a reply this client does not read ("${type}")`), end: buf.length };
  }
}
