// A minimal Lambda runtime loop for the Node.js reference, speaking the Runtime API
// (https://docs.aws.amazon.com/lambda/latest/dg/runtimes-api.html) over node:http, as Lambda's own
// Node.js runtime does natively: load the handler named by _HANDLER, then next -> handler -> response.
import http from 'node:http';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const [host, port] = process.env.AWS_LAMBDA_RUNTIME_API.split(':');
const base = '/2018-06-01/runtime';
const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });

function call(method, route, body) {
  return new Promise((resolve, reject) => {
    const request = http.request({ host, port, method, path: base + route, agent }, (response) => {
      const chunks = [];
      response.on('data', (chunk) => chunks.push(chunk));
      response.on('end', () => resolve({ headers: response.headers, body: Buffer.concat(chunks).toString('utf8') }));
    });
    request.on('error', reject);
    if (body !== undefined) request.write(body);
    request.end();
  });
}

function errorBody(error) {
  return JSON.stringify({ errorType: error?.name ?? 'Error', errorMessage: String(error?.message ?? error) });
}

const taskRoot = process.env.LAMBDA_TASK_ROOT ?? process.cwd();
const [moduleName, exportName] = process.env._HANDLER.split('.');
let handler;
try {
  handler = (await import(pathToFileURL(path.join(taskRoot, `${moduleName}.mjs`)).href))[exportName];
} catch (error) {
  await call('POST', '/init/error', errorBody(error));
  process.exit(1);
}

for (;;) {
  const next = await call('GET', '/invocation/next');
  const requestId = next.headers['lambda-runtime-aws-request-id'];
  const context = {
    awsRequestId: requestId,
    invokedFunctionArn: next.headers['lambda-runtime-invoked-function-arn'],
    getRemainingTimeInMillis: () => Number(next.headers['lambda-runtime-deadline-ms']) - Date.now(),
  };
  try {
    const result = await handler(JSON.parse(next.body), context);
    await call('POST', `/invocation/${requestId}/response`, JSON.stringify(result));
  } catch (error) {
    await call('POST', `/invocation/${requestId}/error`, errorBody(error));
  }
}
