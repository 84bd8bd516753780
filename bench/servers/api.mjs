// A minimal fake of the fine-tuning API for the transport benchmarks, run in its own process so
// the server's work does not share the event loop with the client being measured.
import { createServer } from 'node:http';

const job = (id) =>
  JSON.stringify({
    object: 'fine_tuning.job',
    id,
    model: 'gpt-4o-mini-2024-07-18',
    created_at: 1721764800,
    fine_tuned_model: null,
    organization_id: 'org-123',
    result_files: [],
    status: 'running',
    validation_file: null,
    training_file: 'file-abc',
    hyperparameters: { n_epochs: 'auto', batch_size: 'auto', learning_rate_multiplier: 'auto' },
    trained_tokens: null,
    error: null,
    seed: 42,
    metadata: { team: 'a' },
  });
const body = job('ftjob-bench');

const server = createServer((req, res) => {
  const done = () => {
    res.writeHead(200, {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(body),
      'x-request-id': 'req_bench',
    });
    res.end(body);
  };
  if (req.method === 'POST') {
    req.resume();
    req.on('end', done);
  } else done();
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => process.send({ port: server.address().port }));
process.on('disconnect', () => process.exit(0));
