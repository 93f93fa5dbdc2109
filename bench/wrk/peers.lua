-- wrk script of bench/bench_peers.py: a report line wrk's own output lacks (p99.9, max, mean,
-- status errors), and, for POST /api/v1/users/invite, a distinct invitation per request.
--
-- Environment:
--   BENCH_ACCOUNTS  file of account ids, one a line   (both set: POST invitations)
--   BENCH_PEOPLE    file of person provider ids, one a line
--   BENCH_START     index of the first pair to send (the warm-up's pairs are not reused)
-- Pair i is (accounts[i % #accounts], people[i // #accounts]): every request a new pair until
-- #accounts * #people are spent, then it wraps around (and the simulator answers 422).

local accounts_file = os.getenv("BENCH_ACCOUNTS")
local people_file = os.getenv("BENCH_PEOPLE")

if accounts_file and people_file then
  local accounts, people = {}, {}
  for line in io.lines(accounts_file) do
    if #line > 0 then accounts[#accounts + 1] = line end
  end
  for line in io.lines(people_file) do
    if #line > 0 then people[#people + 1] = line end
  end
  local pairs_count = #accounts * #people
  local next_pair = tonumber(os.getenv("BENCH_START") or "0")

  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/json"

  request = function()
    local i = next_pair % pairs_count
    next_pair = next_pair + 1
    local account = accounts[(i % #accounts) + 1]
    local person = people[math.floor(i / #accounts) + 1]
    return wrk.format(nil, nil, nil,
      '{"account_id":"' .. account .. '","provider_id":"' .. person .. '"}')
  end
end

done = function(summary, latency, requests)
  local errors = summary.errors
  io.write(string.format(
    "BENCH requests=%d duration_us=%d p50_us=%d p90_us=%d p99_us=%d p999_us=%d max_us=%d " ..
    "mean_us=%.1f status_errors=%d socket_errors=%d\n",
    summary.requests, summary.duration,
    latency:percentile(50), latency:percentile(90), latency:percentile(99),
    latency:percentile(99.9), latency.max, latency.mean,
    errors.status, errors.connect + errors.read + errors.write + errors.timeout))
end
