'use strict';
// The benchmark harness (bench/README.md). Started by bench/run.sh after the builds; everything runs
// on loopback, bounded in time, and stops by itself. Writes bench/target/results/.

const { spawn, execFileSync } = require('child_process');
const fs = require('fs');
const http = require('http');
const net = require('net');
const os = require('os');
const path = require('path');
const { performance } = require('perf_hooks');
const R = require('./lib/requests');
const profiler = require('./lib/profile');

const BENCH = __dirname;
const ROOT = path.resolve(BENCH, '..');
const OUT = path.join(BENCH, 'target');
const WORK = path.join(OUT, 'work');
const RESULTS = path.join(OUT, 'results');
const TOOLS = path.join(OUT, 'tools');
const SECRET = 'bench-signing-secret';
const BOT_TOKEN = 'xoxb-bench-token';
const TICK = 100; // clock ticks per second in /proc/<pid>/stat (USER_HZ)

// ---------------------------------------------------------------------------------------------
// Options

function options(argv) {
  const quick = argv.includes('--quick');
  const o = {
    quick,
    duration: quick ? 3 : 5,
    after: quick ? 2 : 10,
    warmup: quick ? 1 : 5,
    levels: quick ? [16] : [1, 16, 64, 256],
    stores: quick ? ['sqlite'] : ['sqlite', 'postgresql'],
    references: !quick,
    crosscheck: !quick,
    crosscheckLevels: [16, 64, 256],
    profile: !quick,
    flow: quick ? 20 : 300,
    flowWarmup: quick ? 0 : 300,
    prefill: quick ? 0 : 100000,
    starts: 0,
    publish: argv.includes('--publish'),
    pgStatements: argv.includes('--pg-statements'),
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const v = argv[i + 1];
    if (a === '--duration') o.duration = Number(v);
    else if (a === '--after') o.after = Number(v);
    else if (a === '--warmup') o.warmup = Number(v);
    else if (a === '--levels') o.levels = v.split(',').map(Number);
    else if (a === '--stores') o.stores = v.split(',');
    else if (a === '--flow') o.flow = Number(v);
    else if (a === '--flow-warmup') o.flowWarmup = Number(v);
    else if (a === '--prefill') o.prefill = Number(v);
    else if (a === '--starts') o.starts = Number(v);
    else if (a === '--no-references') o.references = false;
    else if (a === '--no-crosscheck') o.crosscheck = false;
    else if (a === '--no-profile') o.profile = false;
    else if (a === '--references') o.references = true;
    else continue;
    if (!['--no-references', '--no-crosscheck', '--no-profile', '--references'].includes(a)) i++;
  }
  return o;
}

const OPT = options(process.argv.slice(2));

// ---------------------------------------------------------------------------------------------
// Processes: every child is ours, tracked by pid, ended at exit.

const children = new Set();
process.on('exit', () => {
  for (const c of children) {
    try {
      process.kill(c.pid, 'SIGKILL');
    } catch (e) {
      // gone already
    }
  }
});
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => process.exit(130));

function log(...args) {
  const line = `[bench ${new Date().toISOString().substring(11, 19)}] ` + args.join(' ');
  console.log(line);
  fs.appendFileSync(path.join(RESULTS, 'harness.log'), line + '\n');
}

function sleep(ms) {
  return new Promise((r) => setTimeout(r, ms));
}

/** Starts a child whose stdout and stderr go to WORK/<name>.log; child.firstLine resolves its first stdout line. */
function start(name, cmd, args, { env = {}, cwd = ROOT } = {}) {
  const logFile = path.join(WORK, name + '.log');
  const fd = fs.openSync(logFile, 'a');
  const child = spawn(cmd, args, { env: { ...process.env, ...env }, cwd, stdio: ['ignore', 'pipe', fd] });
  children.add(child);
  child.exited = new Promise((resolve) => child.on('exit', (code, signal) => {
    children.delete(child);
    resolve({ code, signal });
  }));
  let buffer = '';
  const first = new Promise((resolve, reject) => {
    child.stdout.on('data', (d) => {
      fs.writeSync(fd, d);
      if (buffer !== null) {
        buffer += d.toString();
        const nl = buffer.indexOf('\n');
        if (nl >= 0) {
          resolve(buffer.substring(0, nl));
          buffer = null;
        }
      }
    });
    child.on('exit', () => reject(new Error(`${name} exited early; see ${logFile}`)));
  });
  first.catch(() => {});
  child.firstLine = first;
  child.logFile = logFile;
  return child;
}

async function stop(child, graceMs = 10000) {
  if (!children.has(child)) return;
  process.kill(child.pid, 'SIGTERM');
  const timer = sleep(graceMs).then(() => 'timeout');
  if ((await Promise.race([child.exited, timer])) === 'timeout') {
    process.kill(child.pid, 'SIGKILL');
    await child.exited;
  }
}

/** Runs a command to its end; resolves stdout. */
function run(cmd, args, { env = {}, name, timeoutMs = 600000 } = {}) {
  return new Promise((resolve, reject) => {
    const child = start(name || path.basename(cmd), cmd, args, { env });
    let out = '';
    child.stdout.on('data', (d) => (out += d.toString()));
    const timer = setTimeout(() => process.kill(child.pid, 'SIGKILL'), timeoutMs);
    child.exited.then(({ code }) => {
      clearTimeout(timer);
      if (code === 0) resolve(out);
      else reject(new Error(`${cmd} ${args.join(' ')} exited ${code}; see ${child.logFile}`));
    });
  });
}

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

function request(method, url, { body, headers = {}, timeout = 10000 } = {}) {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method, headers, agent: false, timeout }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, body: Buffer.concat(chunks).toString() }));
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    if (body) req.write(body);
    req.end();
  });
}

async function getJson(url) {
  const r = await request('GET', url);
  return JSON.parse(r.body);
}

async function waitFor(check, timeoutMs, everyMs = 200) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v) return true;
    if (Date.now() > deadline) return false;
    await sleep(everyMs);
  }
}

// ---------------------------------------------------------------------------------------------
// /proc: memory and CPU of our processes, and of the whole machine.

function procStatus(pid) {
  try {
    const s = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (re) => Number((re.exec(s) || [0, 0])[1]);
    return { rssKb: kb(/VmRSS:\s+(\d+)/), hwmKb: kb(/VmHWM:\s+(\d+)/) };
  } catch (e) {
    return null;
  }
}

/** CPU seconds (user + system) of a process, and of its direct children (PostgreSQL's backends). */
function cpuSeconds(pid, withChildren = false) {
  const one = (p) => {
    try {
      const f = fs.readFileSync(`/proc/${p}/stat`, 'utf8');
      const rest = f.substring(f.lastIndexOf(')') + 2).split(' ');
      return { ppid: Number(rest[1]), cpu: (Number(rest[11]) + Number(rest[12])) / TICK };
    } catch (e) {
      return null;
    }
  };
  const self = one(pid);
  if (!self) return 0;
  let total = self.cpu;
  if (withChildren) {
    for (const d of fs.readdirSync('/proc')) {
      if (!/^\d+$/.test(d)) continue;
      const c = one(d);
      if (c && c.ppid === pid) total += c.cpu;
    }
  }
  return total;
}

/** CPU seconds per thread group of a process (thread names without their numbers), from /proc/<pid>/task. */
function threadCpu(pid) {
  const out = {};
  let tasks = [];
  try {
    tasks = fs.readdirSync(`/proc/${pid}/task`);
  } catch (e) {
    return out;
  }
  for (const t of tasks) {
    try {
      const f = fs.readFileSync(`/proc/${pid}/task/${t}/stat`, 'utf8');
      const name = f.substring(f.indexOf('(') + 1, f.lastIndexOf(')')).replace(/[-#\s]?\d+$/, '').replace(/\d+/g, 'N');
      const rest = f.substring(f.lastIndexOf(')') + 2).split(' ');
      out[name] = (out[name] || 0) + (Number(rest[11]) + Number(rest[12])) / TICK;
    } catch (e) {
      // the thread ended
    }
  }
  return out;
}

function threadCpuDelta(before, after) {
  const out = {};
  for (const [k, v] of Object.entries(after)) {
    const d = v - (before[k] || 0);
    if (d >= 0.05) out[k] = Math.round(d * 100) / 100;
  }
  return Object.fromEntries(Object.entries(out).sort((a, b) => b[1] - a[1]));
}

/** Busy CPU seconds of the whole machine (all cores) so far. */
function machineBusySeconds() {
  const cpu = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  const idle = cpu[3] + cpu[4];
  return (cpu.reduce((a, b) => a + b, 0) - idle) / TICK;
}

/** Samples a process's RSS every 100 ms, and the CPU of a load generator while it runs. */
function sampler(pid) {
  const s = { maxKb: 0, samples: 0, loadPid: null, loadCpu: 0 };
  const tick = () => {
    const st = procStatus(pid);
    if (st) {
      s.maxKb = Math.max(s.maxKb, st.rssKb);
      s.hwmKb = st.hwmKb;
      s.samples++;
    }
    if (s.loadPid) {
      const c = cpuSeconds(s.loadPid);
      if (c) s.loadCpu = c;
    }
  };
  tick();
  const timer = setInterval(tick, 100);
  s.stop = () => {
    clearInterval(timer);
    tick();
    return s;
  };
  return s;
}

// ---------------------------------------------------------------------------------------------
// Fakes, PostgreSQL, servers

const fakes = {};

async function startFakes() {
  for (const name of ['slack', 'sdx']) {
    const child = start(`fake-${name}`, process.execPath, [path.join(BENCH, 'fakes', name + '.js'), '0']);
    const { port } = JSON.parse(await child.firstLine);
    fakes[name] = { child, port, url: `http://127.0.0.1:${port}` };
  }
  fakes.responseBase = `${fakes.slack.url}/response/`;
}

async function resetFakes() {
  await request('POST', fakes.slack.url + '/_bench/reset');
  await request('POST', fakes.sdx.url + '/_bench/reset');
}

async function slackStats() {
  return getJson(fakes.slack.url + '/_bench/stats');
}

let pg = null;

async function startPostgres() {
  const versions = fs.readdirSync('/usr/lib/postgresql').sort((a, b) => Number(b) - Number(a));
  const bin = path.join('/usr/lib/postgresql', versions[0], 'bin');
  const dir = path.join(WORK, 'pg');
  fs.mkdirSync(dir, { recursive: true });
  execFileSync('chown', ['postgres:postgres', dir]);
  const asPg = (tool, args) => run('runuser', ['-u', 'postgres', '--', path.join(bin, tool), ...args], { name: 'postgres-' + tool });
  await asPg('initdb', ['-D', path.join(dir, 'db'), '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-sync']);
  const port = await freePort();
  // PostgreSQL's defaults (fsync and synchronous_commit on), as a production server would have them.
  // --pg-statements: pg_stat_statements on, its top statements written out when PostgreSQL stops.
  const statements = (OPT.pgStatements ? ' -c shared_preload_libraries=pg_stat_statements -c pg_stat_statements.track=all' : '')
    // BENCH_PG_OPTS: more server options for a look at one thing (e.g. '-c full_page_writes=off').
    + (process.env.BENCH_PG_OPTS ? ' ' + process.env.BENCH_PG_OPTS : '');
  await asPg('pg_ctl', ['-D', path.join(dir, 'db'), '-w', '-t', '60', '-l', path.join(dir, 'server.log'), '-o',
    `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1${statements}`, 'start']);
  const pid = Number(fs.readFileSync(path.join(dir, 'db', 'postmaster.pid'), 'utf8').split('\n')[0]);
  pg = {
    bin, dir, port, pid, version: versions[0],
    url: `jdbc:postgresql://127.0.0.1:${port}/sdx`,
    psql: (sql) => asPg('psql', ['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', '-d', 'postgres', '-q', '-c', sql]),
    stop: async () => {
      if (OPT.pgStatements) await writePgStatements(dir);
      return asPg('pg_ctl', ['-D', path.join(dir, 'db'), '-w', '-m', 'fast', 'stop']);
    },
  };
  if (OPT.pgStatements) await pg.psql('CREATE EXTENSION pg_stat_statements');
  log(`PostgreSQL ${versions[0]} on port ${port}`);
}

/**
 * The 40 statements PostgreSQL spent the most time executing over the whole run (all stores'
 * databases, warm-ups included), with their calls and rows: results/pg-statements.csv.
 */
async function writePgStatements(dir) {
  const file = path.join(dir, 'pg-statements.csv');
  const query = 'SELECT calls, round(total_exec_time::numeric, 1) AS exec_ms, rows,'
    + " left(regexp_replace(query, '\\s+', ' ', 'g'), 400) AS query FROM pg_stat_statements"
    + ' ORDER BY total_exec_time DESC LIMIT 40';
  await pg.psql(`\\copy (${query}) TO '${file}' CSV HEADER`);
  fs.copyFileSync(file, path.join(RESULTS, 'pg-statements.csv'));
  log(`PostgreSQL's statements: ${path.join(RESULTS, 'pg-statements.csv')}`);
}

async function freshStore(store, dataDir) {
  fs.rmSync(dataDir, { recursive: true, force: true });
  fs.mkdirSync(dataDir, { recursive: true });
  if (store === 'postgresql') {
    await pg.psql('DROP DATABASE IF EXISTS sdx');
    await pg.psql('CREATE DATABASE sdx');
  }
}

const BOT_JAR = path.join(ROOT, 'target', 'quarkus-app', 'quarkus-run.jar');
/**
 * The bot runs with the JVM options of its container image (JAVA_TOOL_OPTIONS in
 * src/main/docker/Dockerfile.jvm), as in production, and -XX:MaxRAM=768m: the JVM sizes its heap as
 * in a container with the memory limit of helm/sdx-chatops/values-jvm.yaml, not from the machine's
 * 24 GiB. BENCH_BOT_JAVA_OPTS replaces all of them (empty: the JVM's defaults).
 */
const BOT_JAVA_OPTIONS = (process.env.BENCH_BOT_JAVA_OPTS !== undefined ? process.env.BENCH_BOT_JAVA_OPTS
  : `${containerJavaOptions()} -XX:MaxRAM=768m`).split(/\s+/).filter((o) => o);
/**
 * The Java the image runs (the feature version of its FROM line, e.g. ubi9/openjdk-25-runtime):
 * BENCH_BOT_JAVA if set, else a JDK of that version under /usr/lib/jvm, else the `java` on the PATH
 * (the run's machine line then names the version it got). The references run on the PATH's java.
 */
function imageJavaFeature() {
  const m = dockerfile().match(/^FROM \S*openjdk-(\d+)/m);
  return m ? Number(m[1]) : null;
}

function withoutToolOptions() {
  const env = { ...process.env };
  delete env.JAVA_TOOL_OPTIONS;
  return env;
}

function javaFeature(java) {
  const r = require('child_process').spawnSync(java, ['-XshowSettings:properties', '-version'], { env: withoutToolOptions() });
  const m = /java\.specification\.version = (\d+)/.exec((r.stderr || '').toString());
  return m ? Number(m[1]) : null;
}

function findBotJava() {
  if (process.env.BENCH_BOT_JAVA) return process.env.BENCH_BOT_JAVA;
  const want = imageJavaFeature();
  const jvms = '/usr/lib/jvm';
  if (want && fs.existsSync(jvms)) {
    for (const d of fs.readdirSync(jvms).sort()) {
      const java = path.join(jvms, d, 'bin', 'java');
      try {
        if (!fs.lstatSync(path.join(jvms, d)).isSymbolicLink() && fs.existsSync(java)
          && new RegExp(`^JAVA_VERSION="${want}[."]`, 'm').test(fs.readFileSync(path.join(jvms, d, 'release'), 'utf8'))) return java;
      } catch (e) {
        // no release file: not a JDK
      }
    }
  }
  return 'java';
}
const BOT_JAVA = findBotJava();
const BOT_JAVA_FEATURE = javaFeature(BOT_JAVA);

/**
 * The image's class cache, made as Dockerfile.jvm makes it (src/main/docker/app-cds.sh, a training
 * start with the same JVM and options) for this jar, under bench/target/work: JDK 25's AOT cache
 * (-XX:AOTCache), or on an older JDK an AppCDS archive (-XX:SharedArchiveFile). Only with the
 * image's options (BENCH_BOT_JAVA_OPTS: none) and only when the image's entry point uses one.
 */
const AOT_CACHE = BOT_JAVA_FEATURE !== null && BOT_JAVA_FEATURE >= 25;
const BOT_ARCHIVE = path.join(WORK, AOT_CACHE ? 'app.aot' : 'app-cds.jsa');
const BOT_ARCHIVE_OPTION = AOT_CACHE ? '-XX:AOTCache=' : '-XX:SharedArchiveFile=';
const USE_ARCHIVE = process.env.BENCH_BOT_JAVA_OPTS === undefined && containerUsesArchive();

function containerUsesArchive() {
  return dockerfile().includes('-XX:AOTCache=') || dockerfile().includes('-XX:SharedArchiveFile=');
}

/** Options of the image's entry point that the bench keeps (native access for the SQLite driver). */
function entryPointOptions() {
  return dockerfile().includes('"--enable-native-access=ALL-UNNAMED"') ? ['--enable-native-access=ALL-UNNAMED'] : [];
}

async function trainArchive() {
  if (!USE_ARCHIVE) return;
  const env = { ...process.env, JAVA_TOOL_OPTIONS: BOT_JAVA_OPTIONS.join(' '),
    APP_CDS_HTTP_PORT: String(await freePort()), APP_CDS_MANAGEMENT_PORT: String(await freePort()) };
  if (BOT_JAVA !== 'java') env.PATH = `${path.dirname(BOT_JAVA)}:${process.env.PATH}`;
  await run('bash', [path.join(ROOT, 'src', 'main', 'docker', 'app-cds.sh'), BOT_ARCHIVE, path.dirname(BOT_JAR)], { name: 'app-cds', env });
}

/** The JVM image's Dockerfile: its JVM options and entry point are what the bench runs the bot with. */
function dockerfile() {
  return fs.readFileSync(path.join(ROOT, 'src', 'main', 'docker', 'Dockerfile.jvm'), 'utf8');
}

function containerJavaOptions() {
  const m = dockerfile().match(/JAVA_TOOL_OPTIONS="([^"]*)"/);
  if (!m) throw new Error('src/main/docker/Dockerfile.jvm sets no JAVA_TOOL_OPTIONS');
  return m[1];
}
const REF_JAVA = path.join(BENCH, 'reference', 'bolt-java', 'target');

/** Kinds of server: the bot on either store, and the two references. */
function serverSpec(kind, store) {
  if (kind === 'bot') return { name: `bot-${store}`, label: `sdx-chatops (${store === 'sqlite' ? 'SQLite' : 'PostgreSQL'})`, kind, store };
  if (kind === 'bolt-js') return { name: 'bolt-js', label: 'Bolt JS 5.1 (Express)', kind };
  return { name: 'bolt-java', label: 'Bolt for Java 1.51 (Jetty 12)', kind };
}

let runCount = 0;

/**
 * Starts a server (fresh store unless keepStore), measures start to first ack (a signed
 * `/sdx help` every 10 ms until one is answered 200) and idle RSS (2 s after the first ack).
 */
async function startServer(spec, { keepStore = false } = {}) {
  runCount++;
  const port = await freePort();
  const dataDir = path.join(WORK, `${spec.name}-data`);
  const common = { SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_SIGNING_SECRET: SECRET, SLACK_API_URL: `${fakes.slack.url}/api/` };
  let cmd;
  let args;
  let env;
  let management = null;
  if (spec.kind === 'bot') {
    if (!keepStore) await freshStore(spec.store, dataDir);
    management = await freePort();
    cmd = BOT_JAVA;
    args = [...BOT_JAVA_OPTIONS, ...entryPointOptions(), ...(USE_ARCHIVE ? [`${BOT_ARCHIVE_OPTION}${BOT_ARCHIVE}`] : []), '-jar', BOT_JAR];
    env = {
      ...common,
      SDX_API_URL: fakes.sdx.url,
      SDX_API_TOKEN: 'alto_sk_bench',
      SDX_APPROVERS: R.APPROVER,
      SDX_PUBLIC_URL: `http://127.0.0.1:${port}`,
      SDX_DATA_DIR: dataDir,
      QUARKUS_HTTP_HOST: '127.0.0.1',
      QUARKUS_HTTP_PORT: String(port),
      QUARKUS_MANAGEMENT_HOST: '127.0.0.1',
      QUARKUS_MANAGEMENT_PORT: String(management),
      // SDX allows 60 calls a minute per key and the bot keeps to 50 by default, which would cap
      // approve -> SDX at 0.83/s; the fake has no such limit, so the bench measures the machinery.
      CHATOPS_SDX_REQUESTS_PER_MINUTE: process.env.BENCH_SDX_REQUESTS_PER_MINUTE || '60000',
    };
    if (spec.store === 'postgresql') Object.assign(env, { SDX_DB_URL: pg.url, SDX_DB_USER: 'postgres', SDX_DB_PASSWORD: '' });
  } else if (spec.kind === 'bolt-js') {
    cmd = process.execPath;
    args = [path.join(BENCH, 'reference', 'bolt-js', 'app.js')];
    env = { ...common, PORT: String(port), NODE_ENV: 'production' };
  } else {
    cmd = 'java';
    args = ['-cp', `${REF_JAVA}/classes:${REF_JAVA}/lib/*`, 'bench.reference.BoltJetty'];
    env = { ...common, PORT: String(port) };
  }
  const t0 = performance.now();
  const child = start(`${spec.name}-${runCount}`, cmd, args, { env });
  let firstAckMs = null;
  let firstAckCpu = null;
  const deadline = Date.now() + 120000;
  while (Date.now() < deadline && children.has(child)) {
    const probe = R.signedCommand({ secret: SECRET, channel: 'CPROBE', text: 'help', responseBase: fakes.responseBase });
    try {
      const r = await request('POST', `http://127.0.0.1:${port}/slack/events`, { ...probe, timeout: 5000 });
      if (r.status === 200) {
        firstAckMs = performance.now() - t0;
        firstAckCpu = cpuSeconds(child.pid);
        break;
      }
    } catch (e) {
      // not listening yet
    }
    await sleep(10);
  }
  if (firstAckMs === null) throw new Error(`${spec.name} never acknowledged; see ${child.logFile}`);
  await sleep(OPT.quick ? 500 : 2000);
  const idle = procStatus(child.pid);
  const server = { spec, child, pid: child.pid, port, management, dataDir, firstAckMs, firstAckCpu, idleRssKb: idle.rssKb };
  log(`${spec.name}: first ack after ${firstAckMs.toFixed(0)} ms (CPU ${firstAckCpu.toFixed(2)} s), idle RSS ${(idle.rssKb / 1024).toFixed(0)} MiB`);
  return server;
}

async function outboxOpen(server) {
  if (!server.management) return null;
  try {
    const r = await request('GET', `http://127.0.0.1:${server.management}/q/metrics`, { timeout: 5000 });
    const m = /^sdx_chatops_outbox_open(?:\{[^}]*\})? ([0-9.eE+-]+|NaN)/m.exec(r.body);
    return m ? Number(m[1]) : null;
  } catch (e) {
    return null;
  }
}

// ---------------------------------------------------------------------------------------------
// Load generators

function wrk(port, conns, file, seconds) {
  const threads = Math.min(2, conns);
  const args = ['-t', String(threads), '-c', String(conns), '-d', `${seconds}s`, '--timeout', '30s', '-s',
    path.join(BENCH, 'tools', 'replay.lua'), `http://127.0.0.1:${port}/`, '--', file, String(threads)];
  const child = start('wrk', 'wrk', args);
  let out = '';
  child.stdout.on('data', (d) => (out += d.toString()));
  const result = child.exited.then(({ code }) => {
    const line = out.split('\n').find((l) => l.startsWith('WRKJSON '));
    if (code !== 0 || !line) throw new Error(`wrk failed (exit ${code}); see ${child.logFile}`);
    return JSON.parse(line.substring(8));
  });
  return { pid: child.pid, result };
}

function client(port, file, conns, { once = false, duration = 0, csv = null } = {}) {
  const args = ['-Xss512k', '-cp', TOOLS, 'LoadClient', '127.0.0.1', String(port), file, String(conns)];
  args.push(...(once ? ['--once'] : ['--duration', String(duration)]));
  if (csv) args.push('--csv', csv);
  const child = start('load-client', 'java', args);
  let out = '';
  child.stdout.on('data', (d) => (out += d.toString()));
  const result = child.exited.then(({ code }) => {
    if (code !== 0) throw new Error(`LoadClient failed (exit ${code}); see ${child.logFile}`);
    return JSON.parse(out.trim().split('\n').pop());
  });
  return { pid: child.pid, result };
}

function readCsv(file) {
  return fs.readFileSync(file, 'utf8').trim().split('\n').slice(1).map((l) => {
    const [index, sent, latency, status, cls] = l.split(',');
    return { index: Number(index), sent: Number(sent), latencyUs: Number(latency), status: Number(status), cls };
  });
}

function stats(values) {
  const v = [...values].sort((a, b) => a - b);
  const pct = (p) => (v.length ? v[Math.max(0, Math.min(v.length - 1, Math.ceil((p / 100) * v.length) - 1))] : null);
  return { n: v.length, p50: pct(50), p99: pct(99), max: v.length ? v[v.length - 1] : null };
}

// ---------------------------------------------------------------------------------------------
// Measurements

let tagCount = 0;
function tag() {
  tagCount++;
  return tagCount.toString(36).toUpperCase().padStart(2, '0');
}

/** How many pre-signed requests a level gets: each its own channel, more than it can send. */
function requestCount(conns) {
  if (OPT.quick) return 20000;
  return conns === 1 ? 20000 : 60000;
}

/** Requests a server accepted: for the bot, those answered "sent for approval"; for the references, every 200. */
function accepted(server, r) {
  return server.spec.kind === 'bot' ? r.created : r.requests - (r.non200 || 0) - (r.status_errors || 0);
}

/**
 * Warm-up at 16 connections (one connection sends too few requests to get the JIT going): OPT.warmup
 * seconds of `/sdx help` (HTTP, signature, Bolt; the references post a message for it too), then
 * 300 queue commands (--quick: 100) in channels of their own (the store and the outbox), then until everything
 * the warm-up asked for is posted (at most 15 s: the bot on PostgreSQL posts slowly). What is still
 * unposted then is recorded with the level (warmup.left; the bot's outbox gauge at the start).
 */
async function warmup(server) {
  const t = tag();
  await resetFakes();
  const help = R.write(path.join(WORK, `warmup-help-${t}.tsv`),
    R.plainCommands({ count: 5000, channel: `CW${t}H`, secret: SECRET, responseBase: fakes.responseBase, text: 'help' }));
  const h = await wrk(server.port, 16, help, OPT.warmup).result;
  const queue = R.write(path.join(WORK, `warmup-queue-${t}.tsv`),
    R.slashCommands({ count: OPT.quick ? 100 : 300, prefix: `CW${t}X`, secret: SECRET, responseBase: fakes.responseBase }));
  const q = await client(server.port, queue, 16, { once: true }).result;
  const want = server.spec.kind === 'bot' ? q.created : h.requests + q.requests;
  const drained = await waitFor(async () => ((await slackStats()).totals.post || 0) >= want, OPT.quick ? 5000 : 15000, 250);
  const left = Math.max(0, want - ((await slackStats()).totals.post || 0));
  await resetFakes();
  return { requests: h.requests + q.requests, drained, left };
}

/** One level: warm-up, then wrk for OPT.duration s, then OPT.after s of watching the backlog drain. */
async function level(server, conns, { tool = 'wrk', profile = null } = {}) {
  const warm = await warmup(server);
  if (profile) profiler.start(server.pid, WORK);
  const t = tag();
  const file = R.write(path.join(WORK, `level-${t}.tsv`), R.slashCommands({ count: requestCount(conns), prefix: `CL${t}X`, secret: SECRET, responseBase: fakes.responseBase }));
  const outboxAtStart = await outboxOpen(server);
  const cpu0 = cpuOf(server);
  const threads0 = threadCpu(server.pid);
  const busy0 = machineBusySeconds();
  const rss = sampler(server.pid);
  const t0 = Date.now();
  const gen = tool === 'wrk' ? wrk(server.port, conns, file, OPT.duration) : client(server.port, file, conns, { duration: OPT.duration });
  rss.loadPid = gen.pid;
  const r = await gen.result;
  const t1 = Date.now();
  if (profile) profiler.stop(server.pid, profile);
  const cpu1 = cpuOf(server);
  const threads1 = threadCpu(server.pid);
  const busy1 = machineBusySeconds();
  const atEnd = await slackStats();
  const gaugeEnd = await outboxOpen(server);
  let out = { tool, conns, warmup: warm, ...r, seconds: (t1 - t0) / 1000 };
  out.accepted = accepted(server, r);
  out.outboxAtStart = outboxAtStart;
  out.acksPerSec = r.requests / out.seconds;
  out.postsDuring = atEnd.totals.post || 0;
  out.postsPerSecDuring = out.postsDuring / out.seconds;
  out.outboxAtEnd = gaugeEnd;
  out.cpu = {
    server: cpu1.server - cpu0.server,
    fakes: cpu1.fakes - cpu0.fakes,
    postgres: cpu1.postgres - cpu0.postgres,
    loadgen: rss.loadCpu,
    machine: busy1 - busy0,
  };
  out.threadCpu = threadCpuDelta(threads0, threads1);
  out.cpu.others = Math.max(0, out.cpu.machine - out.cpu.server - out.cpu.fakes - out.cpu.postgres - out.cpu.loadgen);
  if (tool === 'wrk') {
    // Up to OPT.after s; earlier once everything accepted is posted (the bot's outbox is empty; for
    // the references, posts caught up with acks and stopped moving for a second): nothing more
    // would be posted in the rest of the window.
    // drainedAfter: when the fake Slack had as many approval posts as the server accepted commands
    // (every server alike; the bot's outbox gauge is refreshed only every 15 s, so it cannot tell).
    const deadline = t1 + OPT.after * 1000;
    let last = -1;
    let still = 0;
    out.drainedAfter = null;
    while (Date.now() < deadline) {
      await sleep(250);
      const posts = (await slackStats()).totals.post || 0;
      if (out.drainedAfter === null && posts >= out.accepted) out.drainedAfter = (Date.now() - t1) / 1000;
      const done = posts >= out.accepted && posts === last;
      still = done ? still + 1 : 0;
      if (still >= 4) break;
      last = posts;
    }
    out.afterWaited = (Date.now() - t1) / 1000;
    const after = await slackStats();
    out.postsAfter = (after.totals.post || 0) - out.postsDuring;
    out.postsPerSecAfter = out.postsAfter / OPT.after;
    // wrk stops with up to `conns` requests in flight, which the server may still accept and post:
    // "acks minus posts" is exact to within that. The bot's outbox gauge is exact: prefer it.
    out.backlogFromSlack = Math.max(0, out.accepted - (after.totals.post || 0));
    out.outboxAfter = await outboxOpen(server);
    out.backlogAfter = out.outboxAfter !== null ? out.outboxAfter : out.backlogFromSlack;
    out.responses = after.totals.response || 0;
  }
  rss.stop();
  out.peakRssKb = Math.max(rss.maxKb, 0);
  out.hwmKb = rss.hwmKb;
  fs.rmSync(file, { force: true });
  if (profile) {
    out.profile = profiler.summarize(profile);
    log(`${server.spec.name} c${conns} profile: ${out.profile.samples} Java samples; `
      + out.profile.owners.slice(0, 6).map((o) => `${o.name} ${(o.share * 100).toFixed(0)}%`).join(', '));
  }
  log(`${server.spec.name} c${conns} ${tool}: warm-up ${warm.requests} requests (${warm.drained ? 'posted' : `${warm.left} not yet posted`}); ${out.acksPerSec.toFixed(0)} acks/s, p50 ${(r.p50_us / 1000).toFixed(1)} ms,`
    + ` p99 ${(r.p99_us / 1000).toFixed(1)} ms, max ${(r.max_us / 1000).toFixed(0)} ms, accepted ${out.accepted},`
    + ` posts/s ${out.postsPerSecDuring.toFixed(0)}${tool === 'wrk' ? ` then ${out.postsPerSecAfter.toFixed(0)}, backlog ${OPT.after} s after ${out.backlogAfter} (acks - posts: ${out.backlogFromSlack}), all posted ${out.drainedAfter === null ? 'not within the window' : `${out.drainedAfter.toFixed(2)} s after the load`}` : ''},`
    + ` peak RSS ${(out.peakRssKb / 1024).toFixed(0)} MiB, CPU s: server ${out.cpu.server.toFixed(1)} fakes ${out.cpu.fakes.toFixed(1)} pg ${out.cpu.postgres.toFixed(1)} load ${out.cpu.loadgen.toFixed(1)} others ${out.cpu.others.toFixed(1)}`);
  return out;
}

function cpuOf(server) {
  return {
    server: cpuSeconds(server.pid),
    fakes: cpuSeconds(fakes.slack.child.pid) + cpuSeconds(fakes.sdx.child.pid),
    postgres: server.spec.store === 'postgresql' ? cpuSeconds(pg.pid, true) : 0,
  };
}

/**
 * The approval flow with n requests, each in its own channel: n queue commands (16 connections,
 * each sent once), their approval messages, n Approve clicks on them (16 connections), the SDX
 * POSTs and the receipts in the threads; then n "running" and n "completed" callbacks and the
 * status replies in the threads. Times are joined by request code across the fakes' records.
 */
async function flow(server, n, { warmup = false } = {}) {
  const t = tag();
  const prefix = `CF${t}X`;
  await resetFakes();
  const createFile = R.write(path.join(WORK, `flow-create-${t}.tsv`), R.slashCommands({ count: n, prefix, secret: SECRET, responseBase: fakes.responseBase }));
  const tCreate = Date.now();
  const create = await client(server.port, createFile, 16, { once: true }).result;
  const approvalsOf = async () => (await getJson(fakes.slack.url + '/_bench/approvals')).filter((a) => a.channel.startsWith(prefix));
  await waitFor(async () => (await approvalsOf()).length >= create.created, 60000);
  const approvals = await approvalsOf();
  const approvalLast = Math.max(...approvals.map((a) => a.at));

  const clickFile = R.write(path.join(WORK, `flow-click-${t}.tsv`), R.approveClicks({ approvals, secret: SECRET, responseBase: fakes.responseBase }));
  const clickCsv = path.join(WORK, `flow-click-${t}.csv`);
  const click = await client(server.port, clickFile, 16, { once: true, csv: clickCsv }).result;
  const clicks = readCsv(clickCsv);
  const sentByCode = new Map(clicks.map((c) => [approvals[c.index].code, c.sent]));
  const codes = new Set(approvals.map((a) => a.code));
  const jobsOf = async () => (await getJson(fakes.sdx.url + '/_bench/jobs')).filter((j) => codes.has(j.code));
  const repliesOf = async () => (await getJson(fakes.slack.url + '/_bench/replies')).filter((r) => codes.has(r.code));
  await waitFor(async () => (await jobsOf()).length >= approvals.length
    && (await repliesOf()).filter((r) => r.kind === 'receipt').length >= approvals.length, 120000, 250);
  const jobs = await jobsOf();
  const receipts = (await repliesOf()).filter((r) => r.kind === 'receipt');
  // What the clicks that did not lead to a job were told privately (response_url), by first words.
  const refusals = {};
  for (const r of await getJson(fakes.slack.url + '/_bench/responses')) {
    if (!r.id.startsWith(prefix)) continue;
    const key = r.text.substring(0, 80);
    refusals[key] = (refusals[key] || 0) + 1;
  }
  const firstClick = Math.min(...clicks.map((c) => c.sent));
  const toSdx = stats(jobs.map((j) => j.at - sentByCode.get(j.code)));
  const toReceipt = stats(receipts.map((r) => r.at - sentByCode.get(r.code)));
  const lastSdx = Math.max(...jobs.map((j) => j.at));
  const lastReceipt = Math.max(...receipts.map((r) => r.at));

  // "running" for every job, then "completed" for every job: a status older than the one recorded
  // changes nothing and is not posted (by design), so the two batches are sent one after the other.
  const cbSent = new Map();
  const cbRows = [];
  const cb = { requests: 0, seconds: 0, lat: [], non200: 0 };
  for (const status of ['running', 'completed']) {
    const lines = R.callbacks({ jobs, status });
    const file = R.write(path.join(WORK, `flow-callback-${status}-${t}.tsv`), lines);
    const csv = path.join(WORK, `flow-callback-${status}-${t}.csv`);
    const r = await client(server.port, file, 16, { once: true, csv }).result;
    cb.requests += r.requests;
    cb.seconds += r.duration_s;
    cb.non200 += r.non200 + r.error;
    for (const row of readCsv(csv)) {
      cbRows.push(row);
      cb.lat.push(row.latencyUs);
      cbSent.set(`${jobs[row.index].code}/${status}`, row.sent);
    }
  }
  const cbLat = stats(cb.lat);
  await waitFor(async () => (await repliesOf()).filter((r) => r.kind === 'status').length >= cb.requests, 90000, 250);
  const statuses = (await repliesOf()).filter((r) => r.kind === 'status');
  const firstCb = Math.min(...cbRows.map((r) => r.sent));
  const lastStatus = statuses.length ? Math.max(...statuses.map((r) => r.at)) : firstCb;
  const toThread = stats(statuses.map((r) => r.at - cbSent.get(`${r.code}/${r.status}`)).filter((x) => Number.isFinite(x)));
  const out = {
    n,
    created: create.created,
    approvalMessages: approvals.length,
    approvalMessagesPerSec: approvals.length / ((approvalLast - tCreate) / 1000),
    clicks: { acksPerSec: click.rps, p50_us: click.p50_us, p99_us: click.p99_us, max_us: click.max_us, non200: click.non200 },
    sdxPosts: jobs.length,
    sdxPostsPerSec: jobs.length / ((lastSdx - firstClick) / 1000),
    approveToSdxMs: toSdx,
    receipts: receipts.length,
    receiptsPerSec: receipts.length / ((lastReceipt - firstClick) / 1000),
    approveToReceiptMs: toReceipt,
    privateAnswers: refusals,
    callbacks: { sent: cb.requests, acksPerSec: cb.requests / cb.seconds, p50_us: cbLat.p50, p99_us: cbLat.p99, max_us: cbLat.max, non200: cb.non200 },
    statusPosts: statuses.length,
    statusPostsPerSec: statuses.length / ((lastStatus - firstCb) / 1000),
    callbackToThreadMs: toThread,
  };
  log(`${server.spec.name} flow${warmup ? ' (warm-up, not reported)' : ''} n=${n}: ${out.approvalMessages} approval messages (${out.approvalMessagesPerSec.toFixed(0)}/s);`
    + ` clicks ${click.rps.toFixed(0)} acks/s; SDX POSTs ${jobs.length} (${out.sdxPostsPerSec.toFixed(1)}/s, p50 ${toSdx.p50} ms, p99 ${toSdx.p99} ms);`
    + ` receipts ${receipts.length} (${out.receiptsPerSec.toFixed(1)}/s, p50 ${toReceipt.p50} ms, p99 ${toReceipt.p99} ms);`
    + ` callbacks ${(cb.requests / cb.seconds).toFixed(0)} acks/s; status posts ${statuses.length}/${cb.requests} (${out.statusPostsPerSec.toFixed(1)}/s, p50 ${toThread.p50} ms, p99 ${toThread.p99} ms)`);
  return out;
}

/**
 * Approve → SDX → receipt at a steady rate, as approvers see it without a burst's queue: n requests
 * (own channels), their approval messages posted and then more than a second old (the receipt is a
 * post in the same channel, which otherwise waits for the channel's pace of one post per second),
 * then one Approve click every 1000 / perSecond ms, each on its own connection and sent on schedule
 * whether or not the earlier ones were answered (an open loop: a slow answer delays no later click,
 * so the percentiles carry no coordinated omission); latency from each click's send to SDX's POST
 * and to the receipt in the thread.
 */
async function pacedApprovals(server, n, perSecond) {
  const t = tag();
  const prefix = `CS${t}X`;
  const createFile = R.write(path.join(WORK, `paced-create-${t}.tsv`), R.slashCommands({ count: n, prefix, secret: SECRET, responseBase: fakes.responseBase }));
  const create = await client(server.port, createFile, 4, { once: true }).result;
  const approvalsOf = async () => (await getJson(fakes.slack.url + '/_bench/approvals')).filter((a) => a.channel.startsWith(prefix));
  await waitFor(async () => (await approvalsOf()).length >= create.created, 60000);
  const approvals = await approvalsOf();
  await sleep(1100);
  const lines = R.approveClicks({ approvals, secret: SECRET, responseBase: fakes.responseBase });
  const sent = new Map();
  const ackUs = [];
  let non200 = 0;
  const gapMs = 1000 / perSecond;
  const h0 = performance.now();
  const answers = [];
  for (let i = 0; i < approvals.length; i++) {
    const due = h0 + i * gapMs;
    const ahead = due - performance.now();
    if (ahead > 1) await sleep(ahead);
    const [, urlPath, type, ts, sig, body] = lines[i].split('\t');
    const code = approvals[i].code;
    const h = performance.now();
    sent.set(code, Date.now());
    answers.push(request('POST', `http://127.0.0.1:${server.port}${urlPath}`,
      { body, headers: { 'Content-Type': type, 'X-Slack-Request-Timestamp': ts, 'X-Slack-Signature': sig } })
      .then((r) => {
        ackUs.push(Math.round((performance.now() - h) * 1000));
        if (r.status !== 200) non200++;
      }, () => { non200++; }));
  }
  const sendSeconds = (performance.now() - h0) / 1000;
  await Promise.all(answers);
  const codes = new Set(approvals.map((a) => a.code));
  const jobsOf = async () => (await getJson(fakes.sdx.url + '/_bench/jobs')).filter((j) => codes.has(j.code));
  const receiptsOf = async () => (await getJson(fakes.slack.url + '/_bench/replies')).filter((r) => codes.has(r.code) && r.kind === 'receipt');
  await waitFor(async () => (await receiptsOf()).length >= approvals.length, 30000, 100);
  const jobs = await jobsOf();
  const receipts = await receiptsOf();
  const out = {
    n: approvals.length,
    perSecond,
    sentPerSecond: approvals.length > 1 ? (approvals.length - 1) / sendSeconds : perSecond,
    clickAckUs: stats(ackUs),
    non200,
    sdxPosts: jobs.length,
    approveToSdxMs: stats(jobs.map((j) => j.at - sent.get(j.code))),
    receipts: receipts.length,
    approveToReceiptMs: stats(receipts.map((r) => r.at - sent.get(r.code))),
  };
  log(`${server.spec.name} paced approvals n=${out.n} at ${perSecond}/s (sent at ${out.sentPerSecond.toFixed(1)}/s): click ack p50 ${(out.clickAckUs.p50 / 1000).toFixed(1)} ms, p99 ${(out.clickAckUs.p99 / 1000).toFixed(1)} ms;`
    + ` SDX POSTs ${jobs.length} (p50 ${out.approveToSdxMs.p50} ms, p99 ${out.approveToSdxMs.p99} ms);`
    + ` receipts ${receipts.length} (p50 ${out.approveToReceiptMs.p50} ms, p99 ${out.approveToReceiptMs.p99} ms, max ${out.approveToReceiptMs.max} ms)`);
  return out;
}

/** Fills the stopped bot's store to `total` requests (bench/tools/Prefill.java). */
async function prefill(spec, dataDir, total) {
  const lib = path.join(ROOT, 'target', 'quarkus-app', 'lib', 'main');
  const jars = fs.readdirSync(lib).filter((j) => /^org\.xerial\.sqlite-jdbc|^org\.postgresql\.postgresql/.test(j)).map((j) => path.join(lib, j));
  const url = spec.store === 'sqlite' ? `jdbc:sqlite:${dataDir}/sdx-chatops.db` : pg.url;
  const out = await run('java', ['-cp', [TOOLS, ...jars].join(':'), 'Prefill', url, spec.store === 'sqlite' ? '' : 'postgres', String(total)], { name: 'prefill' });
  const r = JSON.parse(out.trim().split('\n').pop());
  log(`${spec.name}: prefilled ${r.inserted} requests (${r.events} audit events, ${r.outbox} outbox rows) from ${r.templates} in ${r.seconds} s`);
  return r;
}

/** A prefilled request answers `/sdx status` through the bot: the cloned rows read as the bot's own. */
async function statusCheck(server, code) {
  const cmd = R.signedCommand({ secret: SECRET, channel: 'CPROBE', text: `status ${code}`, responseBase: fakes.responseBase });
  const body = cmd.body.replace(/user_id=[^&]*/, `user_id=${R.REQUESTER}`);
  const ts = String(Math.floor(Date.now() / 1000));
  const r = await request('POST', `http://127.0.0.1:${server.port}/slack/events`, {
    body, headers: { ...cmd.headers, 'X-Slack-Request-Timestamp': ts, 'X-Slack-Signature': R.sign(SECRET, ts, body) },
  });
  return r.status === 200 && r.body.includes(code) && /COMPLETED|completed/i.test(r.body);
}

// ---------------------------------------------------------------------------------------------
// The run

function execVersion(java) {
  const r = require('child_process').spawnSync(java, ['-version'], { env: withoutToolOptions() });
  return (r.stderr || '').toString().split('\n')[0];
}

function machine() {
  const cpuinfo = fs.readFileSync('/proc/cpuinfo', 'utf8');
  const model = (/model name\s*:\s*(.*)/.exec(cpuinfo) || [0, 'unknown'])[1];
  let java = '';
  try {
    java = execFileSync('java', ['-version'], { stdio: ['ignore', 'pipe', 'pipe'] }).toString();
  } catch (e) {
    java = e.stderr ? e.stderr.toString() : '';
  }
  if (!java) java = require('child_process').spawnSync('java', ['-version']).stderr.toString();
  return {
    cores: os.cpus().length,
    model,
    memGiB: Math.round(os.totalmem() / 2 ** 30),
    kernel: os.release(),
    java: java.split('\n')[0],
    node: process.version,
    wrk: require('child_process').spawnSync('wrk', ['--version']).stdout.toString().split('\n')[0].trim(),
    loadavg: os.loadavg(),
    botJava: BOT_JAVA === 'java' ? java.split('\n')[0] : execVersion(BOT_JAVA),
    botJavaOptions: [...BOT_JAVA_OPTIONS, ...entryPointOptions(),
      ...(USE_ARCHIVE ? [`${BOT_ARCHIVE_OPTION}<the image's ${AOT_CACHE ? 'AOT cache' : 'AppCDS archive'}, trained for this jar>`] : [])].join(' '),
  };
}

function headlineOf() {
  return OPT.levels.includes(64) ? 64 : OPT.levels[0];
}

/** What a start of a server measured, as kept in results.json. */
function startOf(server) {
  return { firstAckMs: server.firstAckMs, firstAckCpu: server.firstAckCpu, idleRssKb: server.idleRssKb };
}

async function benchServer(spec, results) {
  const r = (results.servers[spec.name] = { label: spec.label, starts: [], levels: {}, crosscheck: {} });
  // --starts N: N starts of their own first (start to first ack and idle RSS only), for a median
  // over more starts than the levels make.
  for (let i = 0; i < OPT.starts; i++) {
    const s = await startServer(spec);
    r.starts.push(startOf(s));
    await stop(s.child);
  }
  // --quick: the flow runs on the level's server once its backlog is posted (one JVM start fewer).
  let reuse = null;
  for (const conns of OPT.levels) {
    const s = await startServer(spec);
    r.starts.push(startOf(s));
    r.levels[conns] = await level(s, conns);
    if (OPT.quick && spec.kind === 'bot' && OPT.flow) reuse = s;
    else await stop(s.child);
    if (OPT.crosscheck && OPT.crosscheckLevels.includes(conns) && (spec.kind === 'bot' || conns >= 64)) {
      const c = await startServer(spec);
      r.starts.push(startOf(c));
      r.crosscheck[conns] = await level(c, conns, { tool: 'client' });
      await stop(c.child);
    }
  }
  if (spec.kind === 'bot' && OPT.profile) {
    // A run of its own: sampling stacks every few ms costs the server some throughput.
    const s = await startServer(spec);
    r.starts.push(startOf(s));
    r.profiled = await level(s, headlineOf(), { profile: path.join(RESULTS, `${spec.name}-c${headlineOf()}.jfr`) });
    await stop(s.child);
  }
  if (spec.kind !== 'bot' || !OPT.flow) return;
  let s = reuse;
  if (s) {
    await waitFor(async () => (await outboxOpen(s)) === 0, 30000, 250);
  } else {
    s = await startServer(spec);
    r.starts.push(startOf(s));
  }
  // A first, unmeasured flow on the same server: the levels warm up before they are measured, and so
  // does the approval flow (its code paths are cold after the start; the JIT would be measured).
  if (OPT.flowWarmup) await flow(s, OPT.flowWarmup, { warmup: true });
  r.flow = await flow(s, OPT.flow);
  r.paced = [];
  for (const [n, perSecond] of OPT.quick ? [[5, 5]] : (process.env.BENCH_PACED ? JSON.parse(process.env.BENCH_PACED) : [[50, 5], [300, 50], [300, 100], [400, 200], [600, 300]])) {
    r.paced.push(await pacedApprovals(s, n, perSecond));
  }
  await stop(s.child);
  if (!OPT.prefill) return;
  r.prefill = await prefill(spec, s.dataDir, OPT.prefill);
  const p = await startServer(spec, { keepStore: true });
  r.prefilled = { firstAckMs: p.firstAckMs, idleRssKb: p.idleRssKb };
  r.prefilled.statusCheck = await statusCheck(p, 'SDX-000001');
  log(`${spec.name}: /sdx status of a prefilled request ${r.prefilled.statusCheck ? 'answers with its trail' : 'did NOT answer as expected'}`);
  // The flow first: it leaves nothing to deliver, whereas a level leaves a backlog behind.
  if (OPT.flowWarmup) await flow(p, OPT.flowWarmup, { warmup: true });
  r.prefilled.flow = await flow(p, OPT.flow);
  r.prefilled.level = await level(p, headlineOf());
  await stop(p.child);
}

async function main() {
  fs.rmSync(WORK, { recursive: true, force: true });
  fs.mkdirSync(WORK, { recursive: true });
  fs.mkdirSync(RESULTS, { recursive: true });
  fs.writeFileSync(path.join(RESULTS, 'harness.log'), '');
  fs.mkdirSync(TOOLS, { recursive: true });
  await run('javac', ['-d', TOOLS, path.join(BENCH, 'tools', 'LoadClient.java'), path.join(BENCH, 'tools', 'Prefill.java')], { name: 'javac' });
  const results = { started: new Date().toISOString(), options: OPT, machine: machine(), servers: {} };
  log(`options: ${JSON.stringify(OPT)}`);
  log(`machine: ${results.machine.cores} cores (${results.machine.model}), ${results.machine.memGiB} GiB, load average ${results.machine.loadavg.map((x) => x.toFixed(2)).join(' ')}`);
  await trainArchive();
  await startFakes();
  try {
    if (OPT.stores.includes('postgresql')) await startPostgres();
    for (const store of OPT.stores) await benchServer(serverSpec('bot', store), results);
    if (OPT.references) {
      for (const kind of ['bolt-js', 'bolt-java']) await benchServer(serverSpec(kind), results);
    }
  } finally {
    if (pg) await pg.stop().catch((e) => log('stopping PostgreSQL failed: ' + e.message));
    await stop(fakes.slack.child);
    await stop(fakes.sdx.child);
  }
  results.finished = new Date().toISOString();
  results.machine.loadavgAfter = os.loadavg();
  fs.writeFileSync(path.join(RESULTS, 'results.json'), JSON.stringify(results, null, 2));
  const report = require('./lib/report');
  const md = report.markdown(results);
  fs.writeFileSync(path.join(RESULTS, 'results.md'), md);
  const chart = report.chart(results, RESULTS);
  console.log('\n' + md);
  log(`results: ${path.relative(ROOT, RESULTS)}/results.md, results.json${chart ? ', chart.png' : ''}`);
  if (OPT.publish) report.publish(results, md, chart, ROOT);
  const problems = report.check(results);
  if (problems.length) {
    for (const p of problems) log('PROBLEM: ' + p);
    process.exitCode = 1;
  }
}

main().catch((e) => {
  console.error(e.stack || e.message);
  process.exitCode = 1;
}).finally(() => setTimeout(() => process.exit(), 100));
