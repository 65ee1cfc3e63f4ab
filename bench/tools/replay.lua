-- wrk script: replays pre-signed requests from a file written by bench/lib/requests.js, one line
-- each (METHOD PATH CONTENT-TYPE TIMESTAMP SIGNATURE BODY, tab-separated). Thread k of n sends lines
-- k, k+n, k+2n ... in turn, so each request (and each channel) is sent once before any repeats.
-- Classifies the answers by their body and prints one line "WRKJSON {...}" at the end.
--
--   wrk -t2 -c64 -d10s --timeout 30s -s replay.lua http://127.0.0.1:PORT/ -- FILE 2

local threads = {}
local next_id = 0

function setup(thread)
  thread:set("id", next_id)
  next_id = next_id + 1
  table.insert(threads, thread)
end

function init(args)
  local file, nthreads = args[1], tonumber(args[2])
  reqs = {}
  local i = 0
  for l in io.lines(file) do
    if i % nthreads == id then
      local method, path, ctype, ts, sig, body = l:match("^(%S+)\t(%S+)\t(%S+)\t(%S+)\t(%S+)\t(.*)$")
      local headers = { ["Content-Type"] = ctype }
      if ts ~= "-" then
        headers["X-Slack-Request-Timestamp"] = ts
        headers["X-Slack-Signature"] = sig
      end
      reqs[#reqs + 1] = wrk.format(method, path, headers, body)
    end
    i = i + 1
  end
  distinct = #reqs
  n = 0
  created, busy, deferred, other, non200 = 0, 0, 0, 0, 0
end

function request()
  n = n + 1
  return reqs[(n - 1) % #reqs + 1]
end

function response(status, headers, body)
  if status ~= 200 then
    non200 = non200 + 1
  elseif body:find("sent for approval", 1, true) then
    created = created + 1
  elseif body:find("too many requests", 1, true) then
    busy = busy + 1
  elseif body:find("shortly", 1, true) then
    deferred = deferred + 1
  else
    other = other + 1
  end
end

function done(summary, latency, requests)
  local t = { created = 0, busy = 0, deferred = 0, other = 0, non200 = 0, sent = 0, distinct = 0 }
  for _, th in ipairs(threads) do
    for k, _ in pairs(t) do
      if k ~= "sent" and k ~= "distinct" then t[k] = t[k] + th:get(k) end
    end
    t.sent = t.sent + th:get("n")
    t.distinct = t.distinct + th:get("distinct")
  end
  local e = summary.errors
  io.write(string.format(
    'WRKJSON {"requests":%d,"duration_us":%d,"connect_errors":%d,"read_errors":%d,"write_errors":%d,' ..
    '"status_errors":%d,"timeouts":%d,"p50_us":%d,"p90_us":%d,"p99_us":%d,"p999_us":%d,"max_us":%d,' ..
    '"mean_us":%.1f,"created":%d,"busy":%d,"deferred":%d,"other":%d,"non200":%d,"sent":%d,"distinct":%d}\n',
    summary.requests, summary.duration, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency:percentile(99.9), latency.max,
    latency.mean, t.created, t.busy, t.deferred, t.other, t.non200, t.sent, t.distinct))
end
