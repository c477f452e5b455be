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

dofile("benches/common/report.lua")

function done(summary, latency, requests)
  report("mixed", summary, latency)
end
