'use strict';
// A fast fake of the SDX API for the benchmark: the site list, queueing a script (a receipt with
// fresh ids, the notify_url kept for the harness's callbacks), a site's jobs and one job (shown as
// completed, so the bot's confirming look at a terminal status agrees with the callback).
//
//   node sdx.js [port]        prints {"port":N} when listening
//   GET  /_bench/jobs?from=N  queued jobs from the N-th on: code, ids, notify_url, time
//   GET  /_bench/stats        totals and per-second counts
//   POST /_bench/reset        forget everything

const http = require('http');
const crypto = require('crypto');
const { readBody, send, Series, listen } = require('./common');

const SITES = [
  ['9c69345c-8d39-4786-9f17-8153c988c89a', 'bench-rtr-01'],
  ['1b0e0a52-3f4e-4c2a-9d7e-2f5c8e1a0b11', 'bench-rtr-02'],
  ['2c1f1b63-4a5f-4d3b-8e8f-3a6d9f2b1c22', 'bench-rtr-03'],
];
const SITE_LIST = JSON.stringify(
  SITES.map(([id, name]) => ({
    id,
    pid: 'p-' + id.substring(0, 8),
    name,
    has_pulse: true,
    software_version: '7.16.2',
    software_id: 'ABCD-1234',
    serial_number: 'HD0000000',
    created_at: '2025-01-01T00:00:00+00:00',
  })),
);

const series = new Series();
let jobs = [];
let bySite = new Map();
let byId = new Map();

function jobView(j) {
  return {
    id: j.job_id,
    token: 't-' + j.job_id.substring(0, 8),
    site_id: j.site_id,
    idempotency_key: j.idempotency_key,
    description: j.description,
    express_execute: false,
    needs_acknowledgement: true,
    should_backup: true,
    associated_backup: null,
    started_at: new Date(j.at).toISOString(),
    completed_at: new Date(j.at + 1000).toISOString(),
    failed_at: null,
    created_at: new Date(j.at).toISOString(),
    log_url: null,
    script: j.script,
  };
}

function queue(siteId, body) {
  let job;
  try {
    job = JSON.parse(body);
  } catch (e) {
    return [422, { message: 'invalid json' }];
  }
  const at = Date.now();
  const record = {
    site_id: siteId,
    code: String(job.description || '').split(' ')[0],
    description: job.description,
    script: job.script,
    notify_url: job.notify_url,
    request_id: crypto.randomUUID(),
    idempotency_key: crypto.randomUUID(),
    job_id: crypto.randomUUID(),
    at,
  };
  jobs.push(record);
  byId.set(record.job_id, record);
  if (!bySite.has(siteId)) bySite.set(siteId, []);
  bySite.get(siteId).push(record);
  series.add('queue');
  return [200, {
    status: 'success',
    data: {
      idempotency_key: record.idempotency_key,
      request_id: record.request_id,
      target: siteId,
      notify_url: record.notify_url,
      date: new Date(at).toISOString().replace('Z', '+00:00'),
    },
  }];
}

const server = http.createServer(async (req, res) => {
  const url = new URL(req.url, 'http://x');
  const body = await readBody(req);
  const path = url.pathname;
  let m;
  if (path === '/site-minimal' && req.method === 'GET') {
    series.add('sites');
    res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(SITE_LIST) });
    res.end(SITE_LIST);
  } else if ((m = /^\/api\/asynchronous\/([^/]+)$/.exec(path)) && req.method === 'POST') {
    const [status, json] = queue(m[1], body);
    send(res, status, json);
  } else if ((m = /^\/site\/([^/]+)\/job$/.exec(path)) && req.method === 'GET') {
    series.add('job_list');
    send(res, 200, (bySite.get(m[1]) || []).slice(-100).reverse().map(jobView));
  } else if ((m = /^\/site\/([^/]+)\/job\/([^/]+)$/.exec(path))) {
    const job = byId.get(m[2]);
    series.add(req.method === 'DELETE' ? 'job_delete' : 'job_get');
    if (!job) send(res, 404, { message: 'not found' });
    else if (req.method === 'DELETE') send(res, 400, { type: 'invalid_request_error', code: 'job_already_started', message: 'started' });
    else send(res, 200, jobView(job));
  } else if (path === '/_bench/jobs') {
    send(res, 200, jobs.slice(Number(url.searchParams.get('from') || 0)).map(({ script, description, ...rest }) => rest));
  } else if (path === '/_bench/stats') {
    send(res, 200, { ...series.json(), jobs: jobs.length });
  } else if (path === '/_bench/reset' && req.method === 'POST') {
    series.reset();
    jobs = [];
    bySite = new Map();
    byId = new Map();
    send(res, 200, { ok: true });
  } else {
    send(res, 404, { message: 'not found' });
  }
});

listen(server, Number(process.argv[2] || 0));
