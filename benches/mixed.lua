-- wrk script for benches/mixed.sh: walks a fixed rotation of URLs, the same
-- for the app and for nginx, and prints one line of results for the shell.
--
--   wrk -t2 -c64 -d30s -s benches/mixed.lua http://127.0.0.1:3301 -- urls.txt app 2
--
-- urls.txt holds one path a line, already shuffled with a fixed seed. For
-- the app each request asks for the path itself; for nginx (`nginx`) it asks
-- for `/N.html`, the bytes the app answered for line N when the run began.
-- Each thread walks the whole rotation in order from its own starting line
-- (thread k of n starts k/n of the way in), so every run sends the same
-- sequence. Requests are formatted once, in init(), to keep wrk's cost low.

local threads = {}

function setup(thread)
  thread:set("id", #threads)
  table.insert(threads, thread)
end

function init(args)
  local file, target, thread_count = args[1], args[2], tonumber(args[3]) or 1
  requests = {}
  local line = 0
  for path in io.lines(file) do
    line = line + 1
    if target == "nginx" then
      path = "/" .. line .. ".html"
    end
    requests[line] = wrk.format("GET", path)
  end
  if line == 0 then
    error("no URLs in " .. tostring(file))
  end
  position = (id * math.floor(line / thread_count)) % line
end

function request()
  position = position % #requests + 1
  return requests[position]
end

-- Latency values are microseconds, from wrk's histogram of the whole run:
-- the one `--latency` prints, which wrk 4 has corrected for coordinated
-- omission (it adds the samples a stalled connection did not send).
-- "Over 1 s" is where that histogram crosses one second: the smallest
-- percentile whose latency exceeds it (found by bisection), or none when the
-- slowest request took less. Requests slower than wrk's --timeout are not
-- in the histogram; they are counted as timeouts.
function done(summary, latency, requests)
  local e = summary.errors
  local ms = function(us) return us / 1000 end
  local over_from = "none"
  if latency.max > 1000000 then
    local low, high = 0, 100
    for _ = 1, 40 do
      local middle = (low + high) / 2
      if latency:percentile(middle) > 1000000 then high = middle else low = middle end
    end
    over_from = string.format("%.4f", high)
  end
  io.write(string.format(
    "mixed: requests=%d seconds=%.3f p50=%.2f p99=%.2f p999=%.2f p9999=%.2f max=%.2f " ..
      "status=%d connect=%d read=%d write=%d timeout=%d over_from=%s\n",
    summary.requests, summary.duration / 1e6,
    ms(latency:percentile(50)), ms(latency:percentile(99)), ms(latency:percentile(99.9)),
    ms(latency:percentile(99.99)), ms(latency.max),
    e.status, e.connect, e.read, e.write, e.timeout, over_from))
end
