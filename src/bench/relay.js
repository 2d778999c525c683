#!/usr/bin/env node
// A bare pass-through HTTP relay, the floor a proxy is compared with in src/bench/stream-latency.sh:
// method, path, headers and body go to the upstream unchanged, and the response is piped back as it
// arrives (no buffering, no parsing). Node's http module only.
//   node src/bench/relay.js <listen-port> <upstream-host:port>
'use strict';
const http = require('http');

const listenPort = parseInt(process.argv[2] || '18102', 10);
const [upHost, upPortText] = (process.argv[3] || '127.0.0.1:18101').split(':');
const upPort = parseInt(upPortText, 10);

// Keep-alive to the upstream, unbounded, like a proxy's connection pool sized for many streams.
const agent = new http.Agent({ keepAlive: true, maxSockets: Infinity, maxFreeSockets: 1024 });

// Hop-by-hop headers belong to one connection, not to the message (RFC 9110 section 7.6.1).
const HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'upgrade', 'te', 'trailer']);

function endToEnd(headers) {
  const out = {};
  for (const [k, v] of Object.entries(headers)) {
    if (!HOP.has(k)) out[k] = v;
  }
  return out;
}

const server = http.createServer({ noDelay: true, keepAlive: true }, (req, res) => {
  const up = http.request({
    host: upHost, port: upPort, method: req.method, path: req.url, headers: endToEnd(req.headers), agent,
  }, (upRes) => {
    res.writeHead(upRes.statusCode, endToEnd(upRes.headers));
    // Without this, Node would wait for the first body write to send the head; the pipe sends each
    // chunk as soon as it is read.
    res.flushHeaders();
    upRes.pipe(res);
  });
  up.on('socket', (s) => s.setNoDelay(true));
  up.on('error', (err) => {
    if (!res.headersSent) {
      res.writeHead(502, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { message: 'relay: ' + err.message, type: 'upstream_error', param: null, code: null } }));
    } else {
      res.destroy(err);
    }
  });
  // A client that goes away mid-stream releases the upstream stream too.
  res.on('close', () => { if (!res.writableFinished) up.destroy(); });
  req.pipe(up);
});
server.keepAliveTimeout = 120000;
server.headersTimeout = 125000;
server.listen(listenPort, '127.0.0.1', () => {
  console.log(`relay listening on :${listenPort} -> ${upHost}:${upPort}`);
});
