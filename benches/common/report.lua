-- The line benches/mixed.lua and benches/longtail.lua print when wrk is
-- done, for their shell scripts to read. Latency values are microseconds,
-- from wrk's histogram of the whole run: the one `--latency` prints, which
-- wrk 4 has corrected for coordinated omission (it adds the samples a
-- stalled connection did not send). "Over 1 s" is where that histogram
-- crosses one second: the smallest percentile whose latency exceeds it
-- (found by bisection), or none when the slowest request took less.
-- Requests slower than wrk's --timeout are not in the histogram; they are
-- counted as timeouts.
function report(prefix, summary, latency)
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
    "%s: requests=%d seconds=%.3f p50=%.2f p99=%.2f p999=%.2f p9999=%.2f max=%.2f " ..
      "status=%d connect=%d read=%d write=%d timeout=%d over_from=%s\n",
    prefix, summary.requests, summary.duration / 1e6,
    ms(latency:percentile(50)), ms(latency:percentile(99)), ms(latency:percentile(99.9)),
    ms(latency:percentile(99.99)), ms(latency.max),
    e.status, e.connect, e.read, e.write, e.timeout, over_from))
end
