-- wrk script for bench/load.sh's cold ramp: counts the answers of every thread per 100 ms of wall-clock time
-- (CLOCK_REALTIME, LuaJIT's FFI) over one run whose connections stay open; done() prints "slot TENTHS COUNT" lines,
-- TENTHS being tenths of a second since the epoch.
local ffi = require("ffi")
ffi.cdef [[
  typedef struct { long tv_sec; long tv_nsec; } omesim_timespec;
  int clock_gettime(int clock, omesim_timespec *tp);
]]
local now = ffi.new("omesim_timespec")
local threads = {}
counts = {}

function setup(thread)
  table.insert(threads, thread)
end

function response(status, headers, body)
  ffi.C.clock_gettime(0, now)
  local slot = tonumber(now.tv_sec) * 10 + math.floor(tonumber(now.tv_nsec) / 100000000)
  counts[slot] = (counts[slot] or 0) + 1
end

function done(summary, latency, requests)
  local total = {}
  for _, thread in ipairs(threads) do
    for slot, n in pairs(thread:get("counts")) do
      total[slot] = (total[slot] or 0) + n
    end
  end
  for slot, n in pairs(total) do
    io.write(string.format("slot %d %d\n", slot, n))
  end
end
