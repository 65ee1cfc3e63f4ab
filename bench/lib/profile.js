'use strict';
// Where the bot's CPU goes under load: a JDK Flight Recorder recording ("profile" settings) taken
// with jcmd around one load run, summarised from `jfr print`. Each Java execution sample is given
// to its owner: walking down from the top of the stack, the first frame outside the JDK names the
// library (or the bot) that is running, so String.format called by the log manager counts as
// logging. Native samples (JNI: SQLite's C code and its fsyncs) are counted apart, without the idle
// ones (threads parked in epoll, accept or a socket read).

const { spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const OWNERS = [
  [/^sdx\.chatops\./, 'the bot (sdx.chatops)'],
  [/^(org\.jboss\.logmanager|org\.jboss\.logging|io\.quarkus\.bootstrap\.logging|io\.quarkus\.runtime\.logging|org\.jboss\.slf4j)\./, 'logging (JBoss Log Manager)'],
  [/^org\.sqlite\./, 'SQLite JDBC'],
  [/^org\.postgresql\./, 'PostgreSQL JDBC'],
  [/^io\.agroal\./, 'connection pool (Agroal)'],
  [/^com\.slack\.api\./, 'Slack SDK (Bolt, request parsing, API client)'],
  [/^com\.google\.gson\./, 'Gson (Slack SDK JSON)'],
  [/^(okhttp3|okio|kotlin)\./, 'OkHttp (Slack SDK HTTP client)'],
  [/^com\.fasterxml\.jackson\./, 'Jackson'],
  [/^(io\.netty|io\.vertx)\./, 'Vert.x / Netty (HTTP server and client)'],
  [/^(org\.jboss\.resteasy|io\.quarkus\.resteasy|io\.quarkus\.rest)\./, 'Quarkus REST (server and REST client)'],
  [/^io\.micrometer\./, 'Micrometer'],
  [/^io\.smallrye\./, 'SmallRye (config, fault tolerance, context)'],
  [/^io\.quarkus\.arc\./, 'CDI (ArC)'],
  [/^io\.quarkus\./, 'Quarkus, other'],
  [/^org\.flywaydb\./, 'Flyway'],
];
const JDK = /^(java|javax|jdk|sun|com\.sun)\./;
const JDK_BUCKETS = [
  [/^(javax\.crypto|sun\.security|com\.sun\.crypto)\./, 'JDK only: crypto'],
  [/^java\.util\.regex\./, 'JDK only: regex'],
  [/^(sun\.nio|java\.nio|java\.net|sun\.net)\./, 'JDK only: network I/O'],
];
const IDLE_NATIVE = /EPoll\.wait|Net\.poll|Net\.accept|socketRead|SocketDispatcher\.read|FileDispatcherImpl\.read|Object\.wait|Unsafe\.park|Thread\.sleep|ServerSocket|Inflater/;

function owner(frames) {
  for (const f of frames) {
    if (JDK.test(f)) continue;
    for (const [re, name] of OWNERS) if (re.test(f)) return name;
    return 'other: ' + f.split('.').slice(0, 2).join('.');
  }
  const top = frames[0] || '';
  for (const [re, name] of JDK_BUCKETS) if (re.test(top)) return name;
  return 'JDK only: other';
}

function threadGroup(name) {
  return name.replace(/[-#\s]?\d+$/, '').replace(/\d+/g, 'N');
}

function events(jfr, type, depth) {
  const r = spawnSync('jfr', ['print', '--stack-depth', String(depth), '--events', type, jfr], { maxBuffer: 1 << 30 });
  if (r.status !== 0) return [];
  return r.stdout.toString().split(`${type} {`).slice(1);
}

function parseSample(text) {
  const thread = (/sampledThread = "([^"]*)"/.exec(text) || [0, '?'])[1];
  const stack = /stackTrace = \[\n([\s\S]*?)\n\s*\]/.exec(text);
  const frames = stack ? stack[1].split('\n').map((l) => l.trim()).filter((l) => l && l !== '...')
    .map((l) => l.replace(/\(.*$/, '')) : [];
  return { thread, frames };
}

// A wait counts when a worker thread of the bot blocks where work was expected: not an idle pool
// thread waiting for a task, not the outbox worker's sleep between rounds.
const WORK_THREAD = /^(sdx-|executor-thread|vert\.x-eventloop)/;
const IDLE_WAIT = /ThreadPoolExecutor\.getTask|EnhancedQueueExecutor\.runThreadBody|OutboxSignal\.await|EnhancedQueueExecutor\$PoolThreadNode\.park/;
const PLUMBING = /^(java\.util\.concurrent\.|jdk\.internal\.|java\.lang\.Object\.|java\.lang\.Thread\.)/;

/** Long waits (JFR ThreadPark and JavaMonitorEnter, over the recording's 10-20 ms thresholds), by where. */
function waits(jfr) {
  const where = new Map();
  for (const type of ['jdk.ThreadPark', 'jdk.JavaMonitorEnter']) {
    for (const e of events(jfr, type, 24)) {
      const thread = (/eventThread = "([^"]*)"/.exec(e) || [0, '?'])[1];
      if (!WORK_THREAD.test(thread)) continue;
      const stack = /stackTrace = \[\n([\s\S]*?)\n\s*\]/.exec(e);
      const frames = stack ? stack[1].split('\n').map((l) => l.trim().replace(/\(.*$/, '')).filter((l) => l && l !== '...') : [];
      if (frames.some((f) => IDLE_WAIT.test(f))) continue;
      const d = /duration = ([0-9.]+) (ms|s|us)/.exec(e);
      const seconds = d ? Number(d[1]) * (d[2] === 's' ? 1 : d[2] === 'ms' ? 0.001 : 0.000001) : 0;
      const at = frames.find((f) => !PLUMBING.test(f)) || frames[0] || '?';
      const caller = frames.find((f) => f.startsWith('sdx.chatops.') && f !== at) || '';
      const key = `${threadGroup(thread)}: ${at}${caller ? ' ← ' + caller : ''}`;
      const w = where.get(key) || { name: key, count: 0, seconds: 0, maxMs: 0 };
      w.count++;
      w.seconds += seconds;
      w.maxMs = Math.max(w.maxMs, Math.round(seconds * 1000));
      where.set(key, w);
    }
  }
  return [...where.values()].sort((a, b) => b.seconds - a.seconds).slice(0, 10)
    .map((w) => ({ ...w, seconds: Math.round(w.seconds * 100) / 100 }));
}

function top(counts, total, n = 12) {
  return [...counts.entries()].sort((a, b) => b[1] - a[1]).slice(0, n)
    .map(([name, count]) => ({ name, samples: count, share: total ? count / total : 0 }));
}

function summarize(jfr) {
  const owners = new Map();
  const threads = new Map();
  const frames = new Map();
  let samples = 0;
  for (const e of events(jfr, 'jdk.ExecutionSample', 64)) {
    const s = parseSample(e);
    samples++;
    const o = owner(s.frames);
    owners.set(o, (owners.get(o) || 0) + 1);
    const g = threadGroup(s.thread);
    threads.set(g, (threads.get(g) || 0) + 1);
    const f = s.frames[0] || '?';
    frames.set(f, (frames.get(f) || 0) + 1);
  }
  const natives = new Map();
  let nativeBusy = 0;
  for (const e of events(jfr, 'jdk.NativeMethodSample', 8)) {
    const s = parseSample(e);
    if (!s.frames.length || IDLE_NATIVE.test(s.frames[0])) continue;
    nativeBusy++;
    const key = `${threadGroup(s.thread)}: ${s.frames[0]}`;
    natives.set(key, (natives.get(key) || 0) + 1);
  }
  let gcCount = 0;
  let gcPauseMs = 0;
  for (const e of events(jfr, 'jdk.GarbageCollection', 1)) {
    gcCount++;
    const m = /sumOfPauses = ([0-9.]+) (ms|s|us)/.exec(e);
    if (m) gcPauseMs += Number(m[1]) * (m[2] === 's' ? 1000 : m[2] === 'us' ? 0.001 : 1);
  }
  const cpu = events(jfr, 'jdk.CPULoad', 1).map((e) => ({
    jvm: Number((/jvmUser = ([0-9.]+)%/.exec(e) || [0, 0])[1]) + Number((/jvmSystem = ([0-9.]+)%/.exec(e) || [0, 0])[1]),
    machine: Number((/machineTotal = ([0-9.]+)%/.exec(e) || [0, 0])[1]),
  }));
  const avg = (xs) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : null);
  return {
    samples,
    owners: top(owners, samples, 20),
    threads: top(threads, samples, 10),
    topFrames: top(frames, samples, 12),
    nativeBusy,
    natives: top(natives, nativeBusy, 8),
    gc: { count: gcCount, pauseMs: Math.round(gcPauseMs) },
    waits: waits(jfr),
    cpuLoad: { jvmPct: avg(cpu.map((c) => c.jvm)), machinePct: avg(cpu.map((c) => c.machine)) },
  };
}

/** The JDK's "profile" settings, with Java and native stacks sampled every 5 and 10 ms instead of 10 and 20. */
function settings(dir) {
  const javaHome = path.resolve(fs.realpathSync(spawnSync('sh', ['-c', 'command -v java']).stdout.toString().trim()), '..', '..');
  const jfc = fs.readFileSync(path.join(javaHome, 'lib', 'jfr', 'profile.jfc'), 'utf8')
    .replace(/(method-sampling-java-interval">)[^<]*/, (m, tag) => `${tag}5 ms`)
    .replace(/(method-sampling-native-interval">)[^<]*/, (m, tag) => `${tag}10 ms`);
  const file = path.join(dir, 'bench-profile.jfc');
  fs.writeFileSync(file, jfc);
  return file;
}

function jcmd(pid, ...args) {
  const r = spawnSync('jcmd', [String(pid), ...args]);
  if (r.status !== 0) throw new Error(`jcmd ${args.join(' ')}: ${r.stdout}${r.stderr}`);
}

module.exports = {
  start: (pid, dir) => jcmd(pid, 'JFR.start', 'name=bench', `settings=${settings(dir)}`),
  stop: (pid, file) => {
    jcmd(pid, 'JFR.dump', 'name=bench', `filename=${file}`);
    jcmd(pid, 'JFR.stop', 'name=bench');
  },
  summarize,
};
