// `--tracing` of the server commands: the OpenTelemetry packages it loads are the user's to
// install; without one, the error names them all and the command to install them.
import { describe, expect, it } from 'vitest';
import { exportServerSpans, OTLP_PACKAGES } from '../../src/testing/otlp.ts';

describe('exportServerSpans', () => {
  it('names every package to install when one cannot be loaded', async () => {
    const missing = '@opentelemetry/exporter-trace-otlp-http';
    const load = (name: string) =>
      name === missing ? Promise.reject(new Error(`Cannot find package '${name}'`)) : import(name);
    const error = await exportServerSpans(load).then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    expect(error?.message).toBe(
      `--tracing needs the OpenTelemetry packages ${OTLP_PACKAGES.join(', ')}; ${missing} could not be loaded. Install them: npm install ${OTLP_PACKAGES.join(' ')}`,
    );
    expect((error!.cause as Error).message).toContain(missing);
  });
});
