-- wrk script: a small non-streamed chat completion (model "echo"), the same request every time, so
-- the direct and through-the-gateway runs compare like for like.
-- Usage: wrk -t2 -c32 -d20s --latency -s src/bench/chat.lua http://127.0.0.1:PORT/v1/chat/completions
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer bench"
-- UPSTREAM_DELAY_MS (environment) makes the fake upstream take that long per answer, like a model
-- server generating a short reply; 0 measures the proxy against an upstream that costs nothing.
local delay = tonumber(os.getenv("UPSTREAM_DELAY_MS") or "0")
wrk.body = '{"model":"echo","messages":[{"role":"system","content":"You are terse."},'
  .. '{"role":"user","content":"Summarise the release notes of version 1.2 in one short sentence, please."}],'
  .. '"max_tokens":64,"temperature":0' .. (delay > 0 and (',"x_delay_ms":' .. delay) or '') .. '}'

-- wrk counts non-2xx itself; this also counts 200s whose body is not a chat completion (a proxy's
-- error page, say). Each thread has its own Lua state, so done() sums the threads' counters.
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  bad = 0
end

function response(status, headers, body)
  if status == 200 and not string.find(body, '"chat.completion"', 1, true) then
    bad = bad + 1
  end
end

function done(summary, latency, requests)
  local total = 0
  for _, t in ipairs(threads) do
    total = total + t:get("bad")
  end
  io.write(string.format("200 responses without a chat.completion body: %d\n", total))
end
