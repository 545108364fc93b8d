// Node's built-in cluster module serving "Hello World" on 127.0.0.1:PORT: the comparison point for bench/http.sh.
// Usage: PORT=3000 node bench/node/cluster.js [workers]   (workers defaults to the number of CPUs)
// Prints "listening on 127.0.0.1:PORT" once every worker listens. SIGTERM or SIGINT to the primary stops the workers,
// then the primary. Node's default scheduling policy is kept (round-robin on Linux: the primary accepts and
// hands connections to the workers), since that is how the cluster module runs unless told otherwise.
'use strict';

const cluster = require('node:cluster');
const http = require('node:http');
const os = require('node:os');

const port = Number.parseInt(process.env.PORT ?? '3000', 10);
const host = '127.0.0.1';

if (cluster.isPrimary) {
  const count = Number.parseInt(process.argv[2] ?? String(os.availableParallelism()), 10);
  if (!(count > 0)) {
    console.error(`workers must be a positive whole number, got '${process.argv[2]}'`);
    process.exit(2);
  }

  let listening = 0;
  let stopping = false;
  cluster.on('listening', () => {
    if (++listening === count) {
      console.log(`listening on ${host}:${port} (primary pid ${process.pid}, ${count} workers)`);
    }
  });
  cluster.on('exit', (worker, code, signal) => {
    if (stopping) {
      if (Object.keys(cluster.workers).length === 0) {
        process.exit(0);
      }
      return;
    }
    console.error(`worker ${worker.process.pid} died (${signal ?? code}); replacing it`);
    cluster.fork();
  });

  const stop = () => {
    if (stopping) {
      return;
    }
    stopping = true;
    const workers = Object.values(cluster.workers);
    if (workers.length === 0) {
      process.exit(0);
    }
    for (const worker of workers) {
      worker.process.kill('SIGTERM');
    }
    setTimeout(() => process.exit(1), 5000).unref();
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);

  for (let i = 0; i < count; i++) {
    cluster.fork();
  }
} else {
  http
    .createServer((req, res) => {
      res.setHeader('X-Worker-Pid', String(process.pid));
      res.end('Hello World');
    })
    .listen(port, host);
}
