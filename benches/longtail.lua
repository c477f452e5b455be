-- wrk script for benches/longtail.sh: walks a long Zipf-ordered sequence of
-- requests with a browser's headers, the same for the app and for nginx,
-- and prints one line of results for the shell.
--
--   wrk -t2 -c64 -d30s -s benches/longtail.lua http://127.0.0.1:3301 -- sequence.txt app 2
--
-- Each line of sequence.txt is "N path": the path the app is asked for, and
-- N, the number of the file nginx serves the same bytes from (`/N.html`,
-- with `N.html.gz` beside it for gzip_static). Each thread walks the whole
-- sequence in order from its own starting line (thread k of n starts k/n of
-- the way in). Requests are formatted once, in init(), to keep wrk's cost low.

local threads = {}

function setup(thread)
  thread:set("id", #threads)
  table.insert(threads, thread)
end

local browser = {
  ["Accept"] = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
  ["Accept-Encoding"] = "gzip, deflate, br, zstd",
  ["Accept-Language"] = "en-GB,en;q=0.9",
  ["User-Agent"] = "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0",
}

function init(args)
  local file, target, thread_count = args[1], args[2], tonumber(args[3]) or 1
  requests = {}
  local line = 0
  for entry in io.lines(file) do
    local number, path = entry:match("^(%d+) (.*)$")
    line = line + 1
    if target == "nginx" then
      path = "/" .. number .. ".html"
    end
    requests[line] = wrk.format("GET", path, browser)
  end
  if line == 0 then
    error("no requests in " .. tostring(file))
  end
  position = (id * math.floor(line / thread_count)) % line
end

function request()
  position = position % #requests + 1
  return requests[position]
end

dofile("benches/common/report.lua")

function done(summary, latency, requests)
  report("longtail", summary, latency)
end
