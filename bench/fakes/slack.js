'use strict';
// A fast fake of Slack's Web API for the benchmark (the test suite's FakeSlack keeps every call in
// lists and is not meant for load). Answers at once and counts, per second: top-level posts
// (approval messages; the references' one message per command), thread replies (receipts, job
// statuses), chat.update and response_url posts. Keeps only what the harness asks for: each
// approval message's channel, ts, request id (the buttons' value) and code, and each thread reply's
// kind and time.
//
//   node slack.js [port]         prints {"port":N} when listening
//   GET  /_bench/stats           totals and per-second counts
//   GET  /_bench/approvals?from=N  approval messages from the N-th on
//   GET  /_bench/replies?from=N    thread replies from the N-th on
//   GET  /_bench/responses      the last 10,000 response_url posts (id, time, text), to see refusals
//   POST /_bench/reset           forget everything

const http = require('http');
const { readBody, params, send, Series, listen } = require('./common');

const UUID = /"value":"([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})"/;
const CODE = /SDX-[0-9A-Z]{6}/;
const STATUS = /SDX job status: \*([a-z_]+)\*/;

let micros = 1_700_000_000_000_000;
const series = new Series();
let approvals = [];
let byTs = new Map();
let replies = [];
let responses = [];

function nextTs() {
  micros += 1;
  return Math.floor(micros / 1_000_000) + '.' + String(micros % 1_000_000).padStart(6, '0');
}

function postMessage(p) {
  const channel = p.channel;
  if (!channel) return { ok: false, error: 'channel_not_found' };
  const ts = nextTs();
  const at = Date.now();
  const text = p.text || '';
  if (p.thread_ts) {
    series.add('reply');
    const parent = byTs.get(p.thread_ts);
    const status = STATUS.exec(text);
    const kind = text.includes('Queued in SDX') ? 'receipt' : status ? 'status' : 'other';
    series.add('reply_' + kind);
    replies.push({ thread_ts: p.thread_ts, channel, code: parent ? parent.code : null, kind, status: status ? status[1] : null, at });
  } else {
    series.add('post');
    const blocks = typeof p.blocks === 'string' ? p.blocks : p.blocks ? JSON.stringify(p.blocks) : '';
    const id = UUID.exec(blocks);
    if (id) {
      const code = CODE.exec(text) || CODE.exec(blocks);
      const approval = { channel, ts, request_id: id[1], code: code ? code[0] : null, at };
      approvals.push(approval);
      byTs.set(ts, approval);
      series.add('approval');
    }
  }
  return { ok: true, channel, ts, message: { ts, text } };
}

function api(method, p) {
  switch (method) {
    case 'auth.test':
      return { ok: true, url: 'https://bench.slack.test/', team: 'Bench', user: 'sdx', team_id: 'T0BENCH', user_id: 'UBOT', bot_id: 'BBOT' };
    case 'chat.postMessage':
      return postMessage(p);
    case 'chat.update':
      series.add('update');
      return { ok: true, channel: p.channel, ts: p.ts };
    case 'chat.postEphemeral':
      series.add('ephemeral');
      return { ok: true, message_ts: nextTs() };
    case 'usergroups.users.list':
      return { ok: true, users: [] };
    case 'views.open':
      series.add('view');
      return { ok: true, view: { id: 'VBENCH' } };
    case 'views.publish':
      series.add('home');
      return { ok: true, view: { id: 'VHOME' } };
    default:
      series.add('unknown_method');
      return { ok: false, error: 'unknown_method' };
  }
}

const server = http.createServer(async (req, res) => {
  const url = new URL(req.url, 'http://x');
  const body = await readBody(req);
  if (url.pathname.startsWith('/api/')) {
    send(res, 200, api(url.pathname.substring(5), params(req, body)));
  } else if (url.pathname.startsWith('/response/')) {
    series.add('response');
    responses.push({ id: url.pathname.substring(10), at: Date.now(), text: (params(req, body).text || body).substring(0, 300) });
    if (responses.length > 10000) responses.shift();
    send(res, 200, { ok: true });
  } else if (url.pathname === '/_bench/responses') {
    send(res, 200, responses);
  } else if (url.pathname === '/_bench/stats') {
    send(res, 200, { ...series.json(), approvals: approvals.length, replies: replies.length });
  } else if (url.pathname === '/_bench/approvals') {
    send(res, 200, approvals.slice(Number(url.searchParams.get('from') || 0)));
  } else if (url.pathname === '/_bench/replies') {
    send(res, 200, replies.slice(Number(url.searchParams.get('from') || 0)));
  } else if (url.pathname === '/_bench/reset' && req.method === 'POST') {
    series.reset();
    approvals = [];
    byTs = new Map();
    replies = [];
    responses = [];
    send(res, 200, { ok: true });
  } else {
    send(res, 404, { ok: false, error: 'not_found' });
  }
});

listen(server, Number(process.argv[2] || 0));
