'use strict';
// Turns bench/target/results/results.json into Markdown tables and a gnuplot chart; --publish puts
// them into docs/performance.md (between its bench:results markers) and docs/performance.png.

const { spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const ms = (us) => (us === null || us === undefined ? '–' : us / 1000 >= 100 ? (us / 1000).toFixed(0) : (us / 1000).toFixed(1));
const num = (x, digits = 0) => (x === null || x === undefined || Number.isNaN(x) ? '–' : Number(x).toFixed(digits));
const mib = (kb) => (kb ? (kb / 1024).toFixed(0) : '–');
const median = (xs) => {
  const v = xs.filter((x) => x !== null && x !== undefined).sort((a, b) => a - b);
  return v.length ? v[Math.floor((v.length - 1) / 2)] : null;
};
const trio = (s) => (s ? `${num(s.p50)} / ${num(s.p99)} / ${num(s.max)}` : '–');

function headlineLevel(results) {
  return results.options.levels.includes(64) ? 64 : results.options.levels[results.options.levels.length > 1 ? 1 : 0];
}

function topLevel(results) {
  return Math.max(...results.options.levels);
}

/** Seconds from the end of the load until every accepted command's approval was posted. */
function drained(level) {
  return level && level.drainedAfter !== undefined && level.drainedAfter !== null ? level.drainedAfter.toFixed(2) : '–';
}

function headline(results) {
  const h = headlineLevel(results);
  const top = topLevel(results);
  const names = Object.keys(results.servers);
  const rows = [
    [`acks/s c${h} (wrk)`, (s) => num(s.levels[h] && s.levels[h].acksPerSec), (s) => s.levels[h] && s.levels[h].acksPerSec],
    [`p50 / p99 / max ms c${h} (wrk)`, (s) => (s.levels[h] ? `${ms(s.levels[h].p50_us)} / ${ms(s.levels[h].p99_us)} / ${ms(s.levels[h].max_us)}` : '–'), (s) => s.levels[h] && s.levels[h].p99_us / 1000],
    [`approval messages posted/s c${h}, during / ${results.options.after} s after`, (s) => (s.levels[h] ? `${num(s.levels[h].postsPerSecDuring)} / ${num(s.levels[h].postsPerSecAfter)}` : '–'), (s) => s.levels[h] && s.levels[h].postsPerSecDuring],
    [`backlog ${results.options.after} s after c${h} (accepted, not yet posted)¹`, (s) => num(s.levels[h] && s.levels[h].backlogAfter), (s) => s.levels[h] && s.levels[h].backlogAfter],
    [`every accepted command's approval posted, s after c${h} stopped²`, (s) => drained(s.levels[h]), (s) => s.levels[h] && s.levels[h].drainedAfter],
    [`acks > 3 s at c${top} (closed-loop client)`, (s) => (s.crosscheck[top] ? `${num(s.crosscheck[top].over_3s)} of ${num(s.crosscheck[top].requests)}` : '–'), (s) => s.crosscheck[top] && s.crosscheck[top].over_3s],
    [`peak RSS c${top}, MiB`, (s) => mib(s.levels[top] && s.levels[top].peakRssKb), (s) => s.levels[top] && s.levels[top].peakRssKb],
    ['start to first ack, ms (median of starts)', (s) => num(median(s.starts.map((x) => x.firstAckMs))), (s) => median(s.starts.map((x) => x.firstAckMs))],
    ['idle RSS, MiB (median of starts)', (s) => mib(median(s.starts.map((x) => x.idleRssKb))), (s) => median(s.starts.map((x) => x.idleRssKb))],
  ];
  let md = `| | ${names.map((n) => results.servers[n].label).join(' | ')} |\n|---|${names.map(() => '---:').join('|')}|\n`;
  for (const [label, cell] of rows) md += `| ${label} | ${names.map((n) => cell(results.servers[n])).join(' | ')} |\n`;
  md += `\n¹ The bot: its outbox gauge \`sdx_chatops_outbox_open\`, which the store refreshes every 15 s (a cell can count entries posted since). The references have no such gauge: acks counted by wrk minus the fake Slack's posts, exact to within the c${h} requests in flight when wrk stops.\n`;
  md += `\n² Polled every 0.25 s: the first time the fake Slack had at least as many approval posts as the server had accepted commands (– : not within the ${results.options.after} s).\n`;
  const bot = names.find((n) => n.startsWith('bot-'));
  const refs = names.filter((n) => !n.startsWith('bot-'));
  if (bot && refs.length) {
    md += `\nRatios, ${results.servers[bot].label} ÷ reference (above 1: the bot has more of it):\n\n`;
    md += `| | ${refs.map((n) => `÷ ${results.servers[n].label}`).join(' | ')} |\n|---|${refs.map(() => '---:').join('|')}|\n`;
    for (const [label, , value] of rows) {
      md += `| ${label} | ${refs.map((n) => {
        const a = value(results.servers[bot]);
        const b = value(results.servers[n]);
        return a === undefined || b === undefined || a === null || b === null || !b ? '–' : (a / b).toFixed(2);
      }).join(' | ')} |\n`;
    }
  }
  return md;
}

function levels(results) {
  let md = '| server | conns | acks/s wrk | p50 / p99 / max ms wrk | acks/s client | p50 / p99 / max ms client | > 3 s client'
    + ' | busy / deferred acks | approval posts/s during / after | backlog after | all posted after s | peak RSS MiB | CPU s: server / fakes / PostgreSQL / load generator / others |\n'
    + '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|\n';
  for (const s of Object.values(results.servers)) {
    for (const c of results.options.levels) {
      const w = s.levels[c];
      const x = s.crosscheck[c];
      if (!w) continue;
      const cpu = w.cpu;
      md += `| ${s.label} | ${c} | ${num(w.acksPerSec)} | ${ms(w.p50_us)} / ${ms(w.p99_us)} / ${ms(w.max_us)} | ${x ? num(x.acksPerSec) : '–'}`
        + ` | ${x ? `${ms(x.p50_us)} / ${ms(x.p99_us)} / ${ms(x.max_us)}` : '–'} | ${x ? num(x.over_3s) : '–'}`
        + ` | ${s.label.startsWith('sdx') ? `${num(w.busy)} / ${num(w.deferred)}` : '–'}`
        + ` | ${num(w.postsPerSecDuring)} / ${num(w.postsPerSecAfter)} | ${num(w.backlogAfter)}${w.outboxAtStart ? ` (${num(w.outboxAtStart)} left from the warm-up)` : ''} | ${drained(w)} | ${mib(w.peakRssKb)}`
        + ` | ${num(cpu.server, 1)} / ${num(cpu.fakes, 1)} / ${num(cpu.postgres, 1)} / ${num(cpu.loadgen, 1)} / ${num(cpu.others, 1)} |\n`;
    }
  }
  return md;
}

function flows(results) {
  let md = '| store | requests in store | approval messages/s | click acks/s | approve → SDX POST /s | ms p50 / p99 / max'
    + ' | receipts posted/s | approve → receipt ms p50 / p99 / max | callback acks/s | status posts/s | callback → thread post ms p50 / p99 / max |\n'
    + '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n';
  const row = (label, inStore, f) => `| ${label} | ${inStore} | ${num(f.approvalMessagesPerSec)} | ${num(f.clicks.acksPerSec)}`
    + ` | ${num(f.sdxPostsPerSec, 1)} (${f.sdxPosts}/${f.n}) | ${trio(f.approveToSdxMs)} | ${num(f.receiptsPerSec, 1)} (${f.receipts}/${f.n})`
    + ` | ${trio(f.approveToReceiptMs)} | ${num(f.callbacks.acksPerSec)} | ${num(f.statusPostsPerSec, 1)} (${f.statusPosts}/${f.callbacks.sent})`
    + ` | ${trio(f.callbackToThreadMs)} |\n`;
  let any = false;
  for (const s of Object.values(results.servers)) {
    if (s.flow) {
      md += row(s.label, 'fresh', s.flow);
      any = true;
    }
    if (s.prefilled && s.prefilled.flow) md += row(s.label, num(results.options.prefill) + ' prefilled', s.prefilled.flow);
  }
  return any ? md : '';
}

function prefilled(results) {
  const list = Object.values(results.servers).filter((s) => s.prefilled);
  if (!list.length) return '';
  const h = headlineLevel(results);
  let md = `| store | prefill (rows cloned, s) | /sdx status of a cloned request | start to first ack ms | idle RSS MiB | acks/s c${h} | p50 / p99 / max ms | approval posts/s during / after | backlog after |\n`
    + '|---|---:|---|---:|---:|---:|---:|---:|---:|\n';
  for (const s of list) {
    const p = s.prefilled;
    const l = p.level;
    const fresh = s.levels[h];
    md += `| ${s.label} | ${num(s.prefill.inserted)} requests, ${num(s.prefill.events)} events, ${num(s.prefill.outbox)} outbox rows, ${s.prefill.seconds} s`
      + ` | ${p.statusCheck ? 'answers with its trail' : '**wrong**'} | ${num(p.firstAckMs)} | ${mib(p.idleRssKb)}`
      + ` | ${num(l.acksPerSec)}${fresh ? ` (fresh: ${num(fresh.acksPerSec)})` : ''} | ${ms(l.p50_us)} / ${ms(l.p99_us)} / ${ms(l.max_us)}`
      + ` | ${num(l.postsPerSecDuring)} / ${num(l.postsPerSecAfter)} | ${num(l.backlogAfter)} |\n`;
  }
  return md;
}

function threadTable(results) {
  const h = headlineLevel(results);
  let md = '';
  for (const s of Object.values(results.servers)) {
    const l = s.levels[h];
    if (!l || !l.threadCpu) continue;
    const total = Object.values(l.threadCpu).reduce((a, b) => a + b, 0);
    md += `| ${s.label} | ${num(l.acksPerSec)} | ${num(total, 1)} | ${num((total / l.seconds), 2)} | `
      + Object.entries(l.threadCpu).slice(0, 7).map(([k, v]) => `\`${k}\` ${num(v, 1)}`).join(', ') + ' |\n';
  }
  if (!md) return '';
  return `CPU seconds per thread during the ${results.options.duration} s wrk run at c${h} (from /proc/<pid>/task; numbers in thread names folded):\n\n`
    + '| server | acks/s | CPU s | cores | busiest threads, CPU s |\n|---|---:|---:|---:|---|\n' + md + '\n';
}

function profiles(results) {
  let md = threadTable(results);
  for (const s of Object.values(results.servers)) {
    const l = s.profiled;
    if (l && l.profile) {
      const p = l.profile;
      const c = l.conns;
      md += `${s.label}, c${c} (a wrk run of its own with the recording on, ${num(l.acksPerSec)} acks/s): ${p.samples} Java execution samples`
        + `, JVM CPU ${num(p.cpuLoad.jvmPct)}% and machine ${num(p.cpuLoad.machinePct)}% of all cores (JFR's CPULoad)`
        + `, ${p.gc.count} GCs with ${p.gc.pauseMs} ms of pauses.\n\n`;
      md += '| owner of the running code | share of Java samples |\n|---|---:|\n';
      for (const o of p.owners) md += `| ${o.name} | ${(o.share * 100).toFixed(1)}% |\n`;
      if (l.threadCpu) md += `\nCPU seconds per thread in this run (/proc): ${Object.entries(l.threadCpu).slice(0, 10).map(([k, v]) => `\`${k}\` ${num(v, 1)}`).join(', ')}.\n`;
      md += '\n| thread (Java samples) | share |\n|---|---:|\n';
      for (const t of p.threads) md += `| \`${t.name}\` | ${(t.share * 100).toFixed(1)}% |\n`;
      if (p.waits && p.waits.length) {
        md += '\nLong waits of the bot\'s working threads (JFR ThreadPark / JavaMonitorEnter, idle pool threads left out), by where they wait:\n\n'
          + '| thread: waiting in ← called from | waits | total s | longest ms |\n|---|---:|---:|---:|\n';
        for (const w of p.waits) md += `| \`${w.name}\` | ${w.count} | ${num(w.seconds, 2)} | ${w.maxMs} |\n`;
      }
      if (p.nativeBusy) {
        md += `\nBusy native samples (JNI, not idle waits): ${p.nativeBusy}\n\n| thread: native method | share |\n|---|---:|\n`;
        for (const n of p.natives) md += `| \`${n.name}\` | ${(n.share * 100).toFixed(1)}% |\n`;
      }
      md += '\n';
    }
  }
  return md;
}

/**
 * Approve clicks at steady rates (an open loop), each on a message more than a second old: the
 * pipeline's latency at a given load, without a burst's queue.
 */
function paced(results) {
  let md = '| store | clicks at (sent at) | click ack ms p50 / p99 / max | approve → SDX POST ms p50 / p99 / max | approve → receipt posted ms p50 / p99 / max |\n'
    + '|---|---:|---:|---:|---:|\n';
  let any = false;
  for (const s of Object.values(results.servers)) {
    for (const p of s.paced || []) {
      const a = p.clickAckUs;
      md += `| ${s.label} | ${p.n} at ${p.perSecond}/s (${p.sentPerSecond.toFixed(0)}/s) | ${ms(a.p50)} / ${ms(a.p99)} / ${ms(a.max)}`
        + ` | ${trio(p.approveToSdxMs)} | ${trio(p.approveToReceiptMs)} (${p.receipts}/${p.n}) |\n`;
      any = true;
    }
  }
  return any ? md : '';
}

function markdown(results) {
  const m = results.machine;
  let md = `Run of ${results.started} to ${results.finished} (\`bench/run.sh${results.options.quick ? ' --quick' : ''}\`): `
    + `${m.cores} cores (${m.model}), ${m.memGiB} GiB, Linux ${m.kernel}, ${m.java}, Node ${m.node}, ${m.wrk}. `
    + `Load average before ${m.loadavg.map((x) => x.toFixed(2)).join(' ')}, after ${(m.loadavgAfter || []).map((x) => x.toFixed(2)).join(' ')}. `
    + `The bot runs on ${m.botJava || m.java}, with ${m.botJavaOptions ? 'the JVM options `' + m.botJavaOptions + '`' : 'the JVM\'s default options'}. `
    + `Each level: a fresh server and store, ${results.options.warmup} s warm-up, ${results.options.duration} s of load, ${results.options.after} s watching the backlog.\n\n`;
  md += '#### Headline\n\n' + headline(results) + '\n';
  md += '#### Per level\n\n' + levels(results) + '\n';
  const f = flows(results);
  if (f) md += '#### Approve → SDX → receipt, and SDX callbacks → thread posts\n\n' + f + '\n';
  const steady = paced(results);
  if (steady) md += '#### Approve → SDX → receipt at steady rates (open loop, each click on time whatever the answers)\n\n' + steady + '\n';
  const p = prefilled(results);
  if (p) md += `#### With ${num(results.options.prefill)} requests already in the store\n\n` + p + '\n';
  const q = profiles(results);
  if (q) md += '#### Where the CPU goes (threads from /proc; JDK Flight Recorder for the bot)\n\n' + q;
  return md;
}

/** Throughput and p99 per level, one line per server (gnuplot, pngcairo). */
function chart(results, dir) {
  const servers = Object.entries(results.servers).filter(([, s]) => Object.keys(s.levels).length);
  if (!servers.length || spawnSync('gnuplot', ['--version']).status !== 0) return null;
  const files = servers.map(([name, s]) => {
    const file = path.join(dir, `levels-${name}.dat`);
    fs.writeFileSync(file, results.options.levels.filter((c) => s.levels[c])
      .map((c) => `${c} ${s.levels[c].acksPerSec.toFixed(1)} ${(s.levels[c].p99_us / 1000).toFixed(3)}`).join('\n') + '\n');
    return { file, label: s.label.replace(/"/g, '') };
  });
  const png = path.join(dir, 'chart.png');
  const plot = (col) => files.map((f) => `"${f.file}" using 1:${col} with linespoints lw 2 pt 7 title "${f.label}"`).join(', ');
  const script = [
    'set terminal pngcairo size 1400,560 font "DejaVu Sans,11"',
    `set output "${png}"`,
    'set multiplot layout 1,2 title "sdx-chatops bench: /sdx slash commands, each in its own channel (shared 2-core machine: a smoke of the harness)"',
    'set logscale x 2', 'set xtics (1, 4, 16, 64, 256)', 'set xlabel "connections"', 'set grid', 'set key top left',
    'set ylabel "acks per second (wrk)"', 'set yrange [0:*]', `plot ${plot(2)}`,
    'set ylabel "p99 ack latency, ms (wrk; log scale)"', 'set logscale y', 'set yrange [*:*]', `plot ${plot(3)}`,
    'unset multiplot',
  ].join('\n');
  fs.writeFileSync(path.join(dir, 'chart.gp'), script);
  const r = spawnSync('gnuplot', [path.join(dir, 'chart.gp')]);
  return r.status === 0 ? png : null;
}

function publish(results, md, png, root) {
  const doc = path.join(root, 'docs', 'performance.md');
  const text = fs.readFileSync(doc, 'utf8');
  const start = '<!-- bench:results:start -->';
  const end = '<!-- bench:results:end -->';
  const a = text.indexOf(start);
  const b = text.indexOf(end);
  if (a < 0 || b < a) throw new Error(`${doc} lacks the ${start} ... ${end} markers`);
  fs.writeFileSync(doc, text.substring(0, a + start.length) + '\n\n' + md + '\n' + text.substring(b));
  if (png) fs.copyFileSync(png, path.join(root, 'docs', 'performance.png'));
  console.log(`published into ${path.relative(root, doc)}${png ? ' and docs/performance.png' : ''}`);
}

/** What makes a run a failure (the smoke's exit code): nothing acknowledged, errors, a flow that did not finish. */
function check(results) {
  const problems = [];
  for (const [name, s] of Object.entries(results.servers)) {
    for (const [c, l] of [...Object.entries(s.levels), ...Object.entries(s.crosscheck)]) {
      if (!l.requests) problems.push(`${name} c${c}: no request answered`);
      if (!l.accepted) problems.push(`${name} c${c}: nothing accepted`);
      const errors = (l.non200 || 0) + (l.connect_errors || 0) + (l.read_errors || 0) + (l.write_errors || 0) + (l.error || 0);
      if (errors) problems.push(`${name} c${c}: ${errors} errors (non-200 or socket)`);
      if (l.postsDuring + (l.postsAfter || 0) === 0) problems.push(`${name} c${c}: nothing posted to Slack`);
    }
    for (const [c, l] of Object.entries(s.levels)) {
      // The smoke (--quick) watches for 2 s only, too short to call a slow drain a failure.
      // The bot only: Bolt for Java's unbounded queue is one of the things the comparison shows.
      if (name.startsWith('bot-') && l.tool === 'wrk' && results.options.after >= 5 && l.drainedAfter === null) problems.push(`${name} c${c}: not every accepted command's approval was posted within ${results.options.after} s of the load`);
    }
    for (const f of [s.flow, s.prefilled && s.prefilled.flow].filter(Boolean)) {
      if (f.receipts < f.n) problems.push(`${name} flow: ${f.receipts} of ${f.n} receipts posted`);
      if (f.statusPosts < f.callbacks.sent) problems.push(`${name} flow: ${f.statusPosts} of ${f.callbacks.sent} job statuses posted`);
    }
    for (const p of s.paced || []) {
      if (p.receipts < p.n) problems.push(`${name} approvals at ${p.perSecond}/s: ${p.receipts} of ${p.n} receipts posted`);
      if (p.non200) problems.push(`${name} approvals at ${p.perSecond}/s: ${p.non200} clicks not answered 200`);
    }
    if (s.prefilled && !s.prefilled.statusCheck) problems.push(`${name}: a prefilled request does not read back through /sdx status`);
  }
  return problems;
}

module.exports = { markdown, chart, publish, check };
