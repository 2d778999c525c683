// End-to-end checks with the official openai client (a real client, not our own HTTP code).
//
// Usage: node e2e.mjs <baseURL>   (or LETHE_E2E_BASE_URL), baseURL like http://127.0.0.1:8080/v1
// Optional env: LETHE_E2E_MODEL (default "echo"), LETHE_E2E_PROMPT, LETHE_E2E_UNKNOWN_MODEL,
//               LETHE_E2E_API_KEY (default "test"), LETHE_E2E_TIMEOUT_MS (default 20000),
//               LETHE_E2E_TOOL_ARGS (a JSON text the echo upstream returns as a tool call's arguments: then
//               the client parses tool calls, streamed and not, with openai's parse helpers and LangChain),
//               LETHE_E2E_RESPONSES=1 (also the Responses API, streamed and not).
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

// Tool calls as SDKs parse them: JSON.parse of the arguments (strict tools), streamed and whole, and LangChain.
const toolArgs = process.env.LETHE_E2E_TOOL_ARGS;
if (toolArgs) {
  const properties = {};
  for (const k of Object.keys(JSON.parse(toolArgs))) properties[k] = {};
  const tools = [{
    type: 'function',
    function: {
      name: 'send_mail', strict: true,
      parameters: { type: 'object', properties, required: Object.keys(properties), additionalProperties: false },
    },
  }];
  const extra = { x_tool_args: toolArgs, x_tool_name: 'send_mail', x_chunks: [3] };
  result.toolParse = await step(async () => {
    const r = await client.chat.completions.parse({ model, messages, tools, ...extra });
    const call = r.choices?.[0]?.message?.tool_calls?.[0];
    return { arguments: call?.function?.arguments ?? null, parsed: call?.function?.parsed_arguments ?? null,
      guard: r.guard ?? null };
  });
  result.toolStream = await step(async () => {
    const stream = client.chat.completions.stream({ model, messages, tools, ...extra });
    const final = await stream.finalChatCompletion();
    const call = final.choices?.[0]?.message?.tool_calls?.[0];
    return { arguments: call?.function?.arguments ?? null, parsed: call?.function?.parsed_arguments ?? null };
  });
  result.langchain = await step(async () => {
    const { ChatOpenAI } = await import('@langchain/openai');
    const out = {};
    for (const streaming of [false, true]) {
      const llm = new ChatOpenAI({
        model, apiKey: process.env.LETHE_E2E_API_KEY || 'test', configuration: { baseURL }, maxRetries: 0,
        streaming, modelKwargs: extra,
      }).bindTools([{ type: 'function', function: tools[0].function }]);
      let msg;
      if (streaming) {
        for await (const chunk of await llm.stream(prompt)) msg = msg ? msg.concat(chunk) : chunk;
      } else {
        msg = await llm.invoke(prompt);
      }
      out[streaming ? 'stream' : 'whole'] = {
        args: msg.tool_calls?.[0]?.args ?? null,
        invalid: (msg.invalid_tool_calls ?? []).length,
      };
    }
    return out;
  });
}

// The Responses API: the final response as the SDK assembles it, and the deltas it saw on the way.
function outputText(r) {
  if (typeof r.output_text === 'string') return r.output_text;
  return (r.output ?? []).filter((o) => o.type === 'message')
    .flatMap((o) => o.content ?? []).filter((c) => c.type === 'output_text').map((c) => c.text).join('');
}
if (process.env.LETHE_E2E_RESPONSES) {
  const extra = toolArgs ? { x_tool_args: toolArgs, x_tool_name: 'send_mail', x_chunks: [3] } : { x_chunks: [3] };
  result.responses = await step(async () => {
    const r = await client.responses.create({ model, input: prompt, ...extra });
    const call = (r.output ?? []).find((o) => o.type === 'function_call');
    return { outputText: outputText(r), status: r.status, guard: r.guard ?? null,
      toolArgs: call ? JSON.parse(call.arguments) : null };
  });
  result.responsesStream = await step(async () => {
    const stream = client.responses.stream({ model, input: prompt, ...extra });
    let deltas = '';
    let argDeltas = '';
    let events = 0;
    for await (const ev of stream) {
      events++;
      if (ev.type === 'response.output_text.delta') deltas += ev.delta;
      if (ev.type === 'response.function_call_arguments.delta') argDeltas += ev.delta;
    }
    const final = await stream.finalResponse();
    const call = (final.output ?? []).find((o) => o.type === 'function_call');
    return { deltas, argDeltas, outputText: outputText(final), status: final.status, events,
      guard: final.guard ?? null, toolArgs: call ? JSON.parse(call.arguments) : null };
  });
}

result.ok = !result.nonStream.error && !result.stream.error && !result.streamUsage.error
  && result.streamUsage.usageSeen === true
  && result.notFound.isNotFoundError === true && result.notFound.status === 404;

process.stdout.write(JSON.stringify(result) + '\n');
