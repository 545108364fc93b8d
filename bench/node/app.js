// A plain Node "Hello World" on 127.0.0.1:PORT, for pm2's cluster mode (bench/restart.sh runs it with `pm2 start -i 2`).
'use strict';

const http = require('node:http');

const port = Number.parseInt(process.env.PORT ?? '3000', 10);
http
  .createServer((req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/plain' });
    res.end('Hello World');
  })
  .listen(port, '127.0.0.1');
