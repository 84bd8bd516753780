// Exact counts for what users train on besides text: tool definitions by the cookbook's
// function-calling rules, image parts by the vision rules per model, and which figures are
// estimates. Cross-checked against an independent tokenizer: the tiktoken WASM package counts the
// same rendered text (the cookbook's num_tokens_from_messages and num_tokens_for_tools, written
// out here with tiktoken in place of its Python original).
import fc from 'fast-check';
import { get_encoding, type Tiktoken } from 'tiktoken';
import { afterAll, describe, expect, it } from 'vitest';
import { renderReport } from '../../src/cli/format/report.ts';
import { validateTrainingChunks } from '../../src/node/index.ts';
import { validateTrainingData } from '../../src/training-data/index.ts';
import type { TrainingDataReport } from '../../src/training-data/index.ts';
import { brief } from './helpers.ts';

const tiktoken: Record<'o200k_base' | 'cl100k_base', Tiktoken> = {
  o200k_base: get_encoding('o200k_base'),
  cl100k_base: get_encoding('cl100k_base'),
};
afterAll(() => {
  for (const encoding of Object.values(tiktoken)) encoding.free();
});

// Text in training data is plain text to the API, special-token spellings included.
const count = (e: Tiktoken, text: string): number => e.encode_ordinary(text).length;

interface Message {
  role: string;
  content: string;
  name?: string;
}
interface Property {
  type: string;
  description: string;
  enum?: string[];
}
interface FunctionDefinition {
  name: string;
  description: string;
  parameters: { type: 'object'; properties: Record<string, Property> };
}

/** The cookbook's num_tokens_from_messages: 3 per message, every value, 1 per name, 3 for the reply. */
function cookbookMessages(messages: Message[], e: Tiktoken): number {
  let tokens = 3;
  for (const message of messages) {
    tokens += 3;
    for (const [key, value] of Object.entries(message)) {
      tokens += count(e, value);
      if (key === 'name') tokens += 1;
    }
  }
  return tokens;
}

/** The cookbook's num_tokens_for_tools, minus the messages. */
function cookbookTools(functions: FunctionDefinition[], e: Tiktoken, funcInit: number): number {
  const [propInit, propKey, enumInit, enumItem, funcEnd] = [3, 3, -3, 3, 12];
  const strip = (s: string) => (s.endsWith('.') ? s.slice(0, -1) : s);
  let tokens = 0;
  if (functions.length === 0) return 0;
  for (const f of functions) {
    tokens += funcInit + count(e, `${f.name}:${strip(f.description)}`);
    const keys = Object.keys(f.parameters.properties);
    if (keys.length > 0) {
      tokens += propInit;
      for (const key of keys) {
        tokens += propKey;
        const p = f.parameters.properties[key]!;
        if (p.enum) {
          tokens += enumInit;
          for (const item of p.enum) tokens += enumItem + count(e, item);
        }
        tokens += count(e, `${key}:${p.type}:${strip(p.description)}`);
      }
    }
  }
  return tokens + funcEnd;
}

async function validate(
  lines: unknown[],
  model: string,
): Promise<{ report: TrainingDataReport; tokens: number[] }> {
  const tokens: number[] = [];
  const report = await validateTrainingData(lines.map((l) => JSON.stringify(l)).join('\n'), {
    method: 'supervised',
    model,
    onExample: (e) => tokens.push(e.tokens),
  });
  return { report, tokens };
}

const text = fc.string({ unit: 'grapheme', maxLength: 40 });
const identifier = fc.stringMatching(/^[a-z_][a-z0-9_]{0,15}$/);
const property: fc.Arbitrary<Property> = fc.record(
  {
    type: fc.constantFrom('string', 'number', 'integer', 'boolean'),
    description: text,
    enum: fc.array(text, { minLength: 1, maxLength: 4 }),
  },
  { requiredKeys: ['type', 'description'] },
);
const definition: fc.Arbitrary<FunctionDefinition> = fc.record({
  name: identifier,
  description: text,
  parameters: fc.record({
    type: fc.constant('object' as const),
    properties: fc.dictionary(identifier, property, { maxKeys: 4 }),
  }),
});
const message = (role: string): fc.Arbitrary<Message> =>
  fc.record(
    { role: fc.constant(role), content: text.filter((t) => t !== ''), name: identifier },
    { requiredKeys: ['role', 'content'] },
  );
const example = fc.record({
  messages: fc
    .tuple(fc.option(message('system'), { nil: undefined }), message('user'), message('assistant'))
    .map((ms) => ms.filter((m): m is Message => m !== undefined)),
  functions: fc.array(definition, { maxLength: 3 }),
});

describe('tool definitions, by the cookbook rules (cross-checked with tiktoken)', () => {
  it.each([
    ['gpt-4o-mini-2024-07-18', 'o200k_base', 7],
    ['gpt-4o-2024-08-06', 'o200k_base', 7],
    ['gpt-4-0613', 'cl100k_base', 10],
    ['gpt-3.5-turbo-0125', 'cl100k_base', 10],
  ] as const)(
    '%s: any messages and flat tools count as the cookbook counts them (property)',
    async (model, encoding, funcInit) => {
      const e = tiktoken[encoding];
      await fc.assert(
        fc.asyncProperty(fc.array(example, { minLength: 1, maxLength: 8 }), async (examples) => {
          const lines = examples.map(({ messages, functions }) => ({
            messages,
            ...(functions.length
              ? { tools: functions.map((f) => ({ type: 'function', function: f })) }
              : {}),
          }));
          const { report, tokens } = await validate(lines, model);
          expect(tokens).toEqual(
            examples.map(
              ({ messages, functions }) =>
                cookbookMessages(messages, e) + cookbookTools(functions, e, funcInit),
            ),
          );
          expect(report.tokens?.estimated).toEqual({ examples: 0, reasons: {} });
        }),
        { numRuns: 25 },
      );
    },
  );

  it('counts the cookbook notebook own example as the notebook does', async () => {
    const tools = [
      {
        type: 'function',
        function: {
          name: 'get_current_weather',
          description: 'Get the current weather in a given location',
          parameters: {
            type: 'object',
            properties: {
              location: {
                type: 'string',
                description: 'The city and state, e.g. San Francisco, CA',
              },
              unit: {
                type: 'string',
                description: 'The unit of temperature to return',
                enum: ['celsius', 'fahrenheit'],
              },
            },
            required: ['location'],
          },
        },
      },
    ];
    const messages = [
      {
        role: 'system',
        content: 'You are a helpful assistant that can answer to questions about the weather.',
      },
      { role: 'user', content: "What's the weather like in San Francisco?" },
      { role: 'assistant', content: 'Sunny, 18 °C.' },
    ];
    const e = tiktoken.o200k_base;
    const { tokens } = await validate([{ messages, tools }], 'gpt-4o-mini-2024-07-18');
    const expected =
      cookbookMessages(messages, e) +
      cookbookTools([tools[0]!.function as FunctionDefinition], e, 7);
    expect(tokens).toEqual([expected]);
    // Far below the JSON text of the tools, which the count used before.
    expect(expected).toBeLessThan(cookbookMessages(messages, e) + count(e, JSON.stringify(tools)));
  });

  it('counts legacy `functions` as tools', async () => {
    const fn = {
      name: 'add',
      description: 'Adds two numbers.',
      parameters: {
        type: 'object',
        properties: {
          a: { type: 'number', description: 'the first' },
          b: { type: 'number', description: 'the second' },
        },
      },
    };
    const messages = [
      { role: 'user', content: 'Add 1 and 2' },
      { role: 'assistant', content: '3' },
    ];
    const [asTools, asFunctions] = await Promise.all([
      validate([{ messages, tools: [{ type: 'function', function: fn }] }], 'gpt-4o-2024-08-06'),
      validate([{ messages, functions: [fn] }], 'gpt-4o-2024-08-06'),
    ]);
    expect(asFunctions.tokens).toEqual(asTools.tokens);
    expect(asTools.tokens).toEqual([
      cookbookMessages(messages, tiktoken.o200k_base) +
        cookbookTools([fn as FunctionDefinition], tiktoken.o200k_base, 7),
    ]);
  });

  it('marks as estimates what the rules do not cover: nested schemas, calls, unlisted models', async () => {
    const nested = {
      type: 'function',
      function: {
        name: 'book',
        description: 'Books a trip',
        parameters: {
          type: 'object',
          properties: {
            traveller: {
              type: 'object',
              description: 'who',
              properties: { name: { type: 'string', description: 'full name' } },
            },
          },
        },
      },
    };
    const flat = {
      type: 'function',
      function: {
        name: 'book',
        description: 'Books a trip',
        parameters: {
          type: 'object',
          properties: { traveller: { type: 'object', description: 'who' } },
        },
      },
    };
    const user = { role: 'user', content: 'Book it' };
    const call = {
      role: 'assistant',
      tool_calls: [
        {
          id: 'c1',
          type: 'function',
          function: { name: 'book', arguments: '{"traveller":{"name":"Ada"}}' },
        },
      ],
    };
    const reply = { role: 'assistant', content: 'Booked.' };
    const { report, tokens } = await validate(
      [
        { messages: [user, reply], tools: [nested] },
        { messages: [user, reply], tools: [flat] },
        { messages: [user, call], tools: [flat] },
      ],
      'gpt-4o-mini-2024-07-18',
    );
    const e = tiktoken.o200k_base;
    // One level down, by the same per-property rule: prop_init, prop_key and "name:string:full name".
    expect(tokens[0]! - tokens[1]!).toBe(3 + 3 + count(e, 'name:string:full name'));
    // The call's name and arguments text, and no content.
    expect(tokens[2]! - tokens[1]!).toBe(
      count(e, 'book') + count(e, '{"traveller":{"name":"Ada"}}') - count(e, 'Booked.'),
    );
    expect(report.tokens?.estimated).toEqual({
      examples: 2,
      reasons: { tool_schema_nested: 1, tool_calls: 1 },
    });

    const unlisted = await validate(
      [{ messages: [user, reply], tools: [flat] }],
      'gpt-4.1-2025-04-14',
    );
    expect(unlisted.tokens).toEqual([tokens[1]]);
    expect(unlisted.report.tokens?.estimated.reasons).toEqual({ tool_rules_assumed: 1 });
  });
});

// Image files reduced to the header bytes the size is read from.
const u32be = (n: number) => [(n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255];
const u16be = (n: number) => [(n >>> 8) & 255, n & 255];
const u16le = (n: number) => [n & 255, (n >>> 8) & 255];
const u24le = (n: number) => [n & 255, (n >>> 8) & 255, (n >>> 16) & 255];
const ascii = (s: string) => [...s].map((c) => c.charCodeAt(0));
const headers = {
  png: (w: number, h: number) => [
    0x89,
    ...ascii('PNG\r\n\x1a\n'),
    0,
    0,
    0,
    13,
    ...ascii('IHDR'),
    ...u32be(w),
    ...u32be(h),
    8,
    2,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
  ],
  gif: (w: number, h: number) => [...ascii('GIF89a'), ...u16le(w), ...u16le(h), 0, 0, 0],
  jpeg: (w: number, h: number) => [
    0xff,
    0xd8,
    // An APP0 (JFIF) segment before the frame header, as real files have.
    0xff,
    0xe0,
    ...u16be(16),
    ...ascii('JFIF\0'),
    1,
    1,
    0,
    0,
    1,
    0,
    1,
    0,
    0,
    0xff,
    0xc0,
    ...u16be(17),
    8,
    ...u16be(h),
    ...u16be(w),
    3,
    1,
    0x22,
    0,
    2,
    0x11,
    1,
    3,
    0x11,
    1,
  ],
  webp: (w: number, h: number) => [
    ...ascii('RIFF'),
    0,
    0,
    0,
    0,
    ...ascii('WEBPVP8X'),
    10,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
    ...u24le(w - 1),
    ...u24le(h - 1),
  ],
};
const dataUrl = (kind: keyof typeof headers, w: number, h: number): string =>
  `data:image/${kind};base64,${Buffer.from(headers[kind](w, h)).toString('base64')}`;

/** One example whose user turn is a question and an image, and the tokens of all but the image. */
function imageExample(
  url: string,
  detail: string | undefined,
  e: Tiktoken,
): { line: unknown; text: number } {
  const question = 'What is in this picture?';
  const answer = 'A lighthouse at dusk.';
  const line = {
    messages: [
      {
        role: 'user',
        content: [
          { type: 'text', text: question },
          { type: 'image_url', image_url: detail ? { url, detail } : { url } },
        ],
      },
      { role: 'assistant', content: answer },
    ],
  };
  const text = cookbookMessages(
    [
      { role: 'user', content: question },
      { role: 'assistant', content: answer },
    ],
    e,
  );
  return { line, text };
}

describe('image parts, by the vision rules per model', () => {
  // The figures of OpenAI's "Images and vision" guide, "Calculating costs".
  it.each([
    ['gpt-4o-2024-08-06', 1024, 1024, 'high', 85 + 4 * 170],
    ['gpt-4o-2024-08-06', 2048, 4096, 'high', 85 + 6 * 170],
    ['gpt-4o-2024-08-06', 4096, 8192, 'low', 85],
    ['gpt-4o-2024-08-06', 512, 512, 'high', 85 + 170],
    ['gpt-4.1-2025-04-14', 1024, 1024, 'high', 85 + 4 * 170],
    ['gpt-4o-mini-2024-07-18', 1024, 1024, 'high', 2833 + 4 * 5667],
    ['gpt-4o-mini-2024-07-18', 300, 200, 'low', 2833],
    ['gpt-4.1-mini-2025-04-14', 1024, 1024, 'high', Math.round(1024 * 1.62)],
    ['gpt-4.1-mini-2025-04-14', 1800, 2400, 'low', Math.round(1452 * 1.62)],
    ['gpt-4.1-nano-2025-04-14', 1800, 2400, 'high', Math.round(1452 * 2.46)],
    ['o4-mini-2025-04-16', 1024, 1024, 'high', Math.round(1024 * 1.72)],
  ] as const)('%s, %dx%d at %s detail: %d tokens', async (model, w, h, detail, image) => {
    const e = tiktoken.o200k_base;
    for (const kind of ['png', 'gif', 'jpeg', 'webp'] as const) {
      const { line, text } = imageExample(dataUrl(kind, w, h), detail, e);
      const { report, tokens } = await validate([line], model);
      expect(tokens, kind).toEqual([text + image]);
      expect(report.tokens?.estimated, kind).toEqual({ examples: 0, reasons: {} });
    }
  });

  it('counts an image of unknown size (a URL) at the most the rule allows, and says it is an estimate', async () => {
    const e = tiktoken.o200k_base;
    const url = 'https://example.com/lighthouse.png';
    const high = imageExample(url, 'high', e);
    const auto = imageExample(url, undefined, e);
    const low = imageExample(url, 'low', e);
    const { report, tokens } = await validate(
      [high.line, auto.line, low.line],
      'gpt-4o-2024-08-06',
    );
    // 768 x 2048 after scaling is the most tiles an image can need: 2 x 4.
    expect(tokens).toEqual([high.text + 85 + 8 * 170, auto.text + 85 + 8 * 170, low.text + 85]);
    expect(report.tokens?.estimated).toEqual({
      examples: 2,
      reasons: { image_size_unknown: 2, image_detail_auto: 1 },
    });
    const mini = await validate([high.line], 'gpt-4.1-mini-2025-04-14');
    expect(mini.tokens).toEqual([high.text + Math.round(1536 * 1.62)]);
    const unlisted = await validate([low.line], 'some-future-model');
    expect(unlisted.tokens).toEqual([low.text + 85]);
    expect(unlisted.report.tokens?.estimated.reasons).toEqual({ image_rule_assumed: 1 });
  });

  it('the tile count never exceeds the bound used for unknown sizes (property)', async () => {
    const e = tiktoken.o200k_base;
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 20_000 }),
        fc.integer({ min: 1, max: 20_000 }),
        async (w, h) => {
          const { line, text } = imageExample(dataUrl('png', w, h), 'high', e);
          const [gpt4o, mini] = await Promise.all([
            validate([line], 'gpt-4o-2024-08-06'),
            validate([line], 'gpt-4.1-mini-2025-04-14'),
          ]);
          const tiles = (gpt4o.tokens[0]! - text - 85) / 170;
          expect(Number.isInteger(tiles) && tiles >= 1 && tiles <= 8).toBe(true);
          expect(mini.tokens[0]! - text).toBeLessThanOrEqual(Math.round(1536 * 1.62));
          expect(mini.tokens[0]! - text).toBeGreaterThanOrEqual(Math.round(1.62));
        },
      ),
      { numRuns: 60 },
    );
  });
});

describe('empty content', () => {
  it('warns with the line, the message and what to do; an assistant turn that calls a tool may be empty', async () => {
    const user = { role: 'user', content: 'Hi' };
    const lines = [
      { messages: [user, { role: 'assistant', content: '' }] },
      {
        messages: [{ role: 'system', content: '' }, user, { role: 'assistant', content: 'Hello' }],
      },
      {
        messages: [
          { role: 'user', content: [] },
          { role: 'assistant', content: 'Hello' },
        ],
      },
      {
        messages: [
          user,
          {
            role: 'assistant',
            content: '',
            tool_calls: [
              { id: 'c', type: 'function', function: { name: 'greet', arguments: '{}' } },
            ],
          },
          { role: 'tool', tool_call_id: 'c', content: 'ok' },
          { role: 'assistant', content: 'Hello' },
        ],
      },
    ];
    const { report } = await validate(lines, 'gpt-4o-mini-2024-07-18');
    const empty = report.warnings.filter((w) => w.code === 'empty_content');
    expect(brief(empty)).toEqual([
      [1, '$.messages[1].content', 'empty_content'],
      [2, '$.messages[0].content', 'empty_content'],
      [3, '$.messages[0].content', 'empty_content'],
    ]);
    expect(empty[0]?.message).toBe(
      'The assistant message has empty content, so the model learns to answer with nothing here.',
    );
    expect(empty[0]?.fix).toBe('Write the reply the model should learn, or remove the turn.');
    expect(empty[1]?.fix).toBe('Write the text as "content", or remove the message.');
    // Warnings, not errors: the lines are still examples.
    expect(report.counts.examples).toBe(4);
  });
});

describe('the report says which figures are estimates', () => {
  it('in the CLI summary, with the reasons', async () => {
    const { line } = imageExample('https://example.com/a.png', 'high', tiktoken.o200k_base);
    const exact = {
      messages: [
        { role: 'user', content: 'Hi' },
        { role: 'assistant', content: 'Hello' },
      ],
    };
    const { report } = await validate([line, exact, line], 'gpt-4o-2024-08-06');
    expect(renderReport('train.jsonl', report)).toContain(
      'estimates: 2 of 3 examples counted approximately (image_size_unknown 2); see "Exact counts and estimates" in docs/training-data.md',
    );
    const none = await validate([exact], 'gpt-4o-2024-08-06');
    expect(renderReport('train.jsonl', none.report)).not.toContain('estimates:');
  });
});

// Worker threads started from the sources load tsx first: slow on a busy machine, hence the timeout.
describe('on worker threads', { timeout: 90_000 }, () => {
  it('the estimates and warnings are those of one thread', async () => {
    const { line: byUrl } = imageExample(
      'https://example.com/a.png',
      undefined,
      tiktoken.o200k_base,
    );
    const { line: inline } = imageExample(dataUrl('jpeg', 1600, 900), 'high', tiktoken.o200k_base);
    const nested = {
      type: 'function',
      function: {
        name: 'find',
        description: 'Finds things.',
        parameters: {
          type: 'object',
          properties: {
            where: {
              type: 'object',
              description: 'the place',
              properties: { city: { type: 'string', description: 'a city' } },
            },
            what: { type: 'string', description: 'the thing', enum: ['keys', 'phone'] },
          },
        },
      },
    };
    const lines: string[] = [];
    for (let i = 0; lines.join('\n').length < 2.5 * 2 ** 20; i++) {
      const chat = {
        messages: [
          { role: 'user', content: `Where are my keys, ${i}?` },
          { role: 'assistant', content: i % 97 === 0 ? '' : `In the drawer ${i}.` },
        ],
      };
      lines.push(
        JSON.stringify(i % 3 === 0 ? byUrl : i % 3 === 1 ? inline : { ...chat, tools: [nested] }),
      );
      lines.push(JSON.stringify(chat));
    }
    const text = `${lines.join('\n')}\n`;
    const single = await validateTrainingData(text, { method: 'supervised', maxIssues: 50 });
    const parallel = await validateTrainingChunks(new Blob([text]).stream(), {
      method: 'supervised',
      maxIssues: 50,
      workers: 2,
    });
    expect(single.tokens?.estimated.reasons).toMatchObject({
      image_size_unknown: expect.any(Number),
      image_detail_auto: expect.any(Number),
      tool_schema_nested: expect.any(Number),
    });
    expect(single.counts.warnings.empty_content).toBeGreaterThan(0);
    expect(JSON.stringify(parallel)).toBe(JSON.stringify(single));
  });
});
