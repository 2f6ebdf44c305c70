-- Unique addresses (issue 13): each request has its own start date (over five years) and a random protocol, so
-- the page cache no longer answers, as with real families. BENCH_PATH is the route (/, /schedule.json, /print).
local protocols = {"cog-sr", "cog-hr", "t-all", "calgb-10403", "hyper-cvad", "ph-positive-adult", "general"}
local path = os.getenv("BENCH_PATH") or "/"
local base = os.time({year = 2022, month = 1, day = 1, hour = 12})
local threads = 0

function setup(thread)
  thread:set("id", threads)
  threads = threads + 1
end

function init(args)
  math.randomseed(os.time() * 1000 + id * 7919)
end

function request()
  local start = os.date("!%Y-%m-%d", base + math.random(0, 1825) * 86400)
  return wrk.format("GET", path .. "?start=" .. start .. "&protocol=" .. protocols[math.random(1, #protocols)])
end
