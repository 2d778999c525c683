// End-to-end checks with the official openai client (a real client, not our own HTTP code).
//
// Usage: node e2e.mjs <baseURL>   (or LETHE_E2E_BASE_URL), baseURL like http://127.0.0.1:8080/v1
// Optional env: LETHE_E2E_MODEL (default "echo"), LETHE_E2E_PROMPT, LETHE_E2E_UNKNOWN_MODEL,
//               LETHE_E2E_API_KEY (default "test"), LETHE_E2E_TIMEOUT_MS (default 20000).
//
// Prints exactly ONE JSON line on stdout with what each step saw; a step that fails records its error
// there instead of aborting, so the JUnit side can assert on every step. Exit code 0 once printed.
import OpenAI, { APIError, NotFoundError } from 'openai';

const baseURL = process.argv[2] || process.env.LETHE_E2E_BASE_URL;
if (!baseURL) {
  console.error('usage: node e2e.mjs <baseURL>  (or set LETHE_E2E_BASE_URL)');
  process.exit(2);
}
const model = process.env.LETHE_E2E_MODEL || 'echo';
const prompt = process.env.LETHE_E2E_PROMPT || 'Hello from the openai client: ünïcødé ✓ and 🙂 too.';
const unknownModel = process.env.LETHE_E2E_UNKNOWN_MODEL || 'no-such-model-e2e';
const timeout = Number(process.env.LETHE_E2E_TIMEOUT_MS || 20000);

// maxRetries 0: a retried failure would hide what the gateway actually answered.
const client = new OpenAI({
  baseURL,
  apiKey: process.env.LETHE_E2E_API_KEY || 'test',
  maxRetries: 0,
  timeout,
});
const messages = [
  { role: 'system', content: 'You are a test.' },
  { role: 'user', content: prompt },
];

function describeError(err) {
  return {
    name: err?.constructor?.name ?? typeof err,
    status: err instanceof APIError ? (err.status ?? null) : null,
    message: String(err?.message ?? err).slice(0, 500),
  };
}

async function step(fn) {
  try {
    return await fn();
  } catch (err) {
    return { error: describeError(err) };
  }
}

async function collectStream(params) {
  const stream = await client.chat.completions.create({ model, messages, stream: true, ...params });
  let text = '';
  let finishReason = null;
  let chunks = 0;
  let usage = null;
  let usageChunkChoices = null;
  let role = null;
  for await (const chunk of stream) {
    chunks++;
    if (chunk.usage) {
      usage = chunk.usage;
      usageChunkChoices = chunk.choices?.length ?? null;
    }
    for (const choice of chunk.choices ?? []) {
      if (choice.index !== 0) continue;
      if (choice.delta?.role) role = choice.delta.role;
      if (typeof choice.delta?.content === 'string') text += choice.delta.content;
      if (choice.finish_reason) finishReason = choice.finish_reason;
    }
  }
  return { text, finishReason, role, chunks, usageSeen: usage !== null, usage, usageChunkChoices };
}

const result = { baseURL, model, prompt };

result.nonStream = await step(async () => {
  const r = await client.chat.completions.create({ model, messages });
  return {
    object: r.object,
    text: r.choices?.[0]?.message?.content ?? null,
    finishReason: r.choices?.[0]?.finish_reason ?? null,
    usage: r.usage ?? null,
    guard: r.guard ?? null,
  };
});

result.stream = await step(() => collectStream({}));

result.streamUsage = await step(() => collectStream({ stream_options: { include_usage: true } }));

result.notFound = await step(async () => {
  try {
    await client.chat.completions.create({ model: unknownModel, messages });
    return { thrown: false, isNotFoundError: false, status: null };
  } catch (err) {
    return { thrown: true, isNotFoundError: err instanceof NotFoundError, ...describeError(err) };
  }
});

result.ok = !result.nonStream.error && !result.stream.error && !result.streamUsage.error
  && result.streamUsage.usageSeen === true
  && result.notFound.isNotFoundError === true && result.notFound.status === 404;

process.stdout.write(JSON.stringify(result) + '\n');
