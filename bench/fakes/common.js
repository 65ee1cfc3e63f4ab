'use strict';
// Shared parts of the bench fakes: body reading, form/JSON parsing, per-second counters.

const { URLSearchParams } = require('url');

function readBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** Slack's Web API takes form-encoded or JSON bodies: the bot sends chat.postMessage and chat.update as JSON, the reference SDKs send forms. */
function params(req, body) {
  const type = req.headers['content-type'] || '';
  if (type.includes('application/json')) {
    try {
      return JSON.parse(body || '{}');
    } catch (e) {
      return {};
    }
  }
  const out = {};
  for (const [k, v] of new URLSearchParams(body)) out[k] = v;
  return out;
}

function send(res, status, json) {
  const body = typeof json === 'string' ? json : JSON.stringify(json);
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(body) });
  res.end(body);
}

/** Counts events per wall-clock second (epoch seconds), per kind. */
class Series {
  constructor() {
    this.bySecond = new Map();
    this.totals = {};
  }

  add(kind, n = 1) {
    const sec = Math.floor(Date.now() / 1000);
    let row = this.bySecond.get(sec);
    if (!row) {
      row = {};
      this.bySecond.set(sec, row);
    }
    row[kind] = (row[kind] || 0) + n;
    this.totals[kind] = (this.totals[kind] || 0) + n;
  }

  json() {
    const seconds = [...this.bySecond.keys()].sort((a, b) => a - b).map((s) => ({ t: s, ...this.bySecond.get(s) }));
    return { totals: this.totals, seconds };
  }

  reset() {
    this.bySecond.clear();
    this.totals = {};
  }
}

/** Listens on loopback (port 0: any free port) and prints {"port":N} on stdout once listening. */
function listen(server, port) {
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  server.listen(port, '127.0.0.1', () => {
    process.stdout.write(JSON.stringify({ port: server.address().port }) + '\n');
  });
  process.on('SIGTERM', () => process.exit(0));
}

module.exports = { readBody, params, send, Series, listen };
