// `openai-ft convert FILE`: prompt/completion lines (davinci-002, babbage-002) to chat examples for a
// chat model, on stdout or into --output.
import { createReadStream, createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import type { Command } from 'commander';
import { checkReadable } from '../sdk/training-data.ts';
import { chatConverter } from '../sdk/legacy.ts';
import type { Act } from './act.ts';

export function convertCommand(program: Command, act: Act): void {
  program
    .command('convert')
    .description(
      'turn prompt/completion training data (davinci-002, babbage-002) into chat examples for a chat model',
    )
    .argument('<file>', 'path of the prompt/completion .jsonl file')
    .option('-o, --output <file>', 'write the chat examples here (default: stdout)')
    .option('--system <text>', 'a system message to put first in every example')
    .option('--separator <s>', 'the separator the prompts end with (e.g. " ->"), taken off')
    .option('--stop <s>', 'the stop sequence the completions end with (e.g. " END"), taken off')
    .action(
      act(async (ctx, [file], o) => {
        await checkReadable(file!);
        const toChat = await chatConverter();
        const input = createInterface({
          input: createReadStream(file!),
          crlfDelay: Number.POSITIVE_INFINITY,
        });
        const out = o.output ? createWriteStream(o.output) : undefined;
        let examples = 0;
        try {
          for await (const line of toChat(input, {
            system: o.system,
            separator: o.separator,
            stop: o.stop,
          })) {
            examples += 1;
            if (out) {
              if (!out.write(`${line}\n`)) await once(out, 'drain');
            } else ctx.io.stdout.write(`${line}\n`);
          }
        } finally {
          input.close();
          if (out) await new Promise<void>((resolve) => out.end(resolve));
        }
        ctx.note(
          `Converted ${examples} example${examples === 1 ? '' : 's'}${o.output ? ` into ${o.output}` : ''}. Check them with: openai-ft validate ${o.output ?? 'FILE'}`,
        );
      }),
    );
}
