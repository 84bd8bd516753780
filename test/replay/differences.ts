// The differences between the local server and the recorded API traffic that are kept on purpose,
// each with its reason. test/replay/server.test.ts fails on any difference not listed here, and on
// an entry that no longer matches anything; docs/local-server.md shows the same table (checked by
// test/replay/docs.test.ts).

/** A difference kept on purpose: which exchanges (file name pattern), where (pattern), and why. */
export interface Deliberate {
  files: RegExp;
  at: RegExp;
  why: string;
}

/** The deliberate differences, as in docs/local-server.md ("Held against recorded traffic"). */
export const DIFFERENCES: Deliberate[] = [
  {
    files: /^azure-sdk-assets__/,
    at: /.*/,
    why: 'Azure OpenAI: replayed in Azure mode (#26), not against the plain server',
  },
  {
    files: /^issue__thiswillbeyourgithub/,
    at: /.*/,
    why: 'Azure chat completions, not a fine-tuning route',
  },
  {
    files: /^issue__openai_openai-python_585/,
    at: /.*/,
    why: 'a pasted message with no status or body: the 2023 suffix limit (18 characters, now 64) is not the API of today',
  },
  {
    files: /^issue__johny-b_llmcomp_58/,
    at: /^status$|^body\./,
    why: 'the daily cap on job creation is not simulated (the SDK side of the suite checks DailyRateLimitError)',
  },
  {
    files: /^issue__bespokelabsai_curator_111/,
    at: /^status$|^body\./,
    why: '"File is too large" needs a file over the API\'s limit (512 MB): not sent in a unit test',
  },
  {
    files: /^(ruby-openai|dd-trace-py)__/,
    at: /^body(\.data\[\])?\.(method|user_provided_suffix|usage_metrics|shared_with_openai|eval_id|integrations|seed|estimated_finish|metadata|expires_at|status_details)$/,
    why: 'recorded in 2023-2024, before the API added these fields; the server answers as the API does now',
  },
  {
    files: /^(ruby-openai|dd-trace-py)__/,
    at: /^body(\.data\[\])?\.error$|^body\.data\[\]\.(fine_tuned_model|finished_at|trained_tokens)$/,
    why: "2023 jobs had `error: null` (now `{}`), and the recorded list's jobs had finished; the server's are new",
  },
  {
    files: /^(ruby-openai|dd-trace-py)__files?_list/,
    at: /^body\.(first_id|last_id|has_more)$/,
    why: 'files lists of 2023 had no `first_id`/`last_id` (one had no `has_more`); the server answers as the API does now (openai-dotnet ListFiles, 2026)',
  },
  {
    files: /^(ruby-openai|dd-trace-py)__model_?s?_retrieve/,
    at: /^body\.(permission|root|parent)$/,
    why: 'model objects of 2023 carried `permission`, `root`, `parent`; the 2025 recordings have only `id`, `object`, `created`, `owned_by`',
  },
];
