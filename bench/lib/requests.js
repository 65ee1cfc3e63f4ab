'use strict';
// Pre-signed requests for the load clients, one per line:
//   METHOD \t PATH \t CONTENT-TYPE \t X-Slack-Request-Timestamp \t X-Slack-Signature \t BODY
// ("-" where a header is not sent). Slack refuses timestamps more than 5 minutes off, so a file is
// generated right before the load that uses it. Both wrk (replay.lua) and LoadClient.java read it.
//
// CLI (for a look by hand): node requests.js slash <count> <channel-prefix> <secret> <out> [responseBase]

const crypto = require('crypto');
const fs = require('fs');

const FORM = 'application/x-www-form-urlencoded';
const REQUESTER = 'UBENCHREQ';
const APPROVER = 'UBENCHAPPROVER';
const SITE = 'bench-rtr-01';

function sign(secret, ts, body) {
  return 'v0=' + crypto.createHmac('sha256', secret).update('v0:' + ts + ':' + body).digest('hex');
}

function form(fields) {
  return new URLSearchParams(fields).toString();
}

function slashBody(channel, text, responseUrl) {
  return form({
    token: 'deprecated-verification-token',
    team_id: 'T0BENCH',
    team_domain: 'bench',
    channel_id: channel,
    channel_name: 'bench',
    user_id: REQUESTER,
    user_name: 'bench-requester',
    command: '/sdx',
    text,
    api_app_id: 'A0SDX',
    is_enterprise_install: 'false',
    response_url: responseUrl,
    trigger_id: '13345224609.738474920.8088930838d88f008e0',
  });
}

/** A block_actions payload for a click on the approval message in `channel` with `ts`. */
function clickBody(channel, ts, requestId, actionId, responseUrl) {
  const payload = {
    type: 'block_actions',
    user: { id: APPROVER, username: 'bench-approver', name: 'bench-approver', team_id: 'T0BENCH' },
    api_app_id: 'A0SDX',
    token: 'deprecated',
    container: { type: 'message', message_ts: ts, channel_id: channel, is_ephemeral: false },
    trigger_id: '1234.5678.abcd',
    team: { id: 'T0BENCH', domain: 'bench' },
    enterprise: null,
    is_enterprise_install: false,
    channel: { id: channel, name: 'bench' },
    message: { type: 'message', ts, text: 'Change request' },
    response_url: responseUrl,
    actions: [{
      action_id: actionId,
      block_id: 'sdx_decision',
      text: { type: 'plain_text', text: 'Approve', emoji: true },
      value: requestId,
      style: 'primary',
      type: 'button',
      action_ts: '1700000000.000001',
    }],
  };
  return form({ payload: JSON.stringify(payload) });
}

function line(method, path, type, ts, sig, body) {
  return [method, path, type, ts || '-', sig || '-', body].join('\t');
}

/** One signed slash command as headers and body, for a single request (the start-up probe). */
function signedCommand({ secret, channel, text, responseBase }) {
  const body = slashBody(channel, text, `${responseBase}${channel}`);
  const ts = String(Math.floor(Date.now() / 1000));
  return { body, headers: { 'Content-Type': FORM, 'X-Slack-Request-Timestamp': ts, 'X-Slack-Signature': sign(secret, ts, body) } };
}

function signedLine(secret, body) {
  const ts = String(Math.floor(Date.now() / 1000));
  return line('POST', '/slack/events', FORM, ts, sign(secret, ts, body), body);
}

/** `count` queue commands, each in its own channel: `prefix` (C + capitals/digits) + i in base 36. */
function slashCommands({ count, prefix, secret, responseBase, text }) {
  const out = [];
  for (let i = 0; i < count; i++) {
    const channel = prefix + i.toString(36).toUpperCase();
    const script = text || '/system identity print';
    out.push(signedLine(secret, slashBody(channel, `queue ${SITE} ${script}`, `${responseBase}${channel}`)));
  }
  return out;
}

/** Any `/sdx` text, `count` times, in one channel (help probes, warm-up). */
function plainCommands({ count, channel, secret, responseBase, text }) {
  const out = [];
  for (let i = 0; i < count; i++) out.push(signedLine(secret, slashBody(channel, text, `${responseBase}${channel}`)));
  return out;
}

/** Approve clicks on the approval messages the fake Slack received. */
function approveClicks({ approvals, secret, responseBase }) {
  return approvals.map((a) =>
    signedLine(secret, clickBody(a.channel, a.ts, a.request_id, 'sdx_approve', `${responseBase}${a.channel}`)));
}

/** SDX job status callbacks to the notify_url of each job (as SDX posts them: JSON, no signature). */
function callbacks({ jobs, status }) {
  return jobs.map((j) => {
    const path = new URL(j.notify_url).pathname;
    const now = new Date().toISOString().replace('Z', '+00:00');
    const body = JSON.stringify({
      job_id: j.job_id,
      customer_id: '00000000-0000-0000-0000-000000000002',
      description: j.code + ' via Slack',
      router_id: j.site_id,
      idempotency_key: j.idempotency_key,
      express_execute: false,
      needs_acknowledgement: true,
      make_backup: true,
      seq_id: 1234567890,
      started_at: now,
      completed_at: status === 'completed' ? now : null,
      failed_at: null,
      deleted_at: null,
      status,
    });
    return line('POST', path, 'application/json', null, null, body);
  });
}

function write(file, lines) {
  fs.writeFileSync(file, lines.join('\n') + '\n');
  return file;
}

module.exports = { sign, signedCommand, slashCommands, plainCommands, approveClicks, callbacks, write, REQUESTER, APPROVER, SITE };

if (require.main === module) {
  const [kind, count, prefix, secret, out, responseBase] = process.argv.slice(2);
  if (kind !== 'slash' || !out) {
    console.error('usage: node requests.js slash <count> <channel-prefix> <secret> <out> [responseBase]');
    process.exit(2);
  }
  write(out, slashCommands({ count: Number(count), prefix, secret, responseBase: responseBase || 'http://127.0.0.1:1/response/' }));
}
